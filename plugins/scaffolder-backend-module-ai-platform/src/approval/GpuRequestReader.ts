import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import {
  GpuProvisioningApiClient,
  GpuRequest,
} from '@ai-platform/plugin-gpu-provisioning-common';

const TARGET = 'gpu-provisioning';

/** An answer of the GPU provisioning API that is worth asking again (5xx, network). */
export class TransientReadError extends Error {
  name = 'TransientReadError';
}

/**
 * Reads and gives back GPU requests through the generated client: reads
 * either on behalf of a user (the task's initiator) or as the scaffolder
 * itself; gives a waiting request back as the scaffolder (GPU provisioning
 * lets the service that made a request for a user withdraw it), or on
 * behalf of the user for requests made before it recorded that.
 */
export class GpuRequestReader {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): GpuRequestReader {
    return new GpuRequestReader(options.auth, options.discovery);
  }

  private readonly client: GpuProvisioningApiClient;

  private constructor(
    private readonly auth: AuthService,
    discovery: DiscoveryService,
  ) {
    this.client = new GpuProvisioningApiClient({ discoveryApi: discovery });
  }

  /**
   * One request, as `onBehalfOf`, or as the scaffolder's own service when
   * absent. A 403 is a `NotAllowedError`, a 404 a `NotFoundError`, both in
   * the API's words; 5xx and network failures are `TransientReadError`s.
   */
  async read(
    id: string,
    onBehalfOf?: BackstageCredentials,
  ): Promise<GpuRequest> {
    let response: Response;
    try {
      const { token } = await this.auth.getPluginRequestToken({
        onBehalfOf: onBehalfOf ?? (await this.auth.getOwnServiceCredentials()),
        targetPluginId: TARGET,
      });
      response = await this.client.getRequest({ path: { id } }, { token });
    } catch (error) {
      throw new TransientReadError(`GPU provisioning did not answer: ${error}`);
    }
    if (response.ok) return (await response.json()) as GpuRequest;
    const message = await apiMessage(response);
    if (response.status >= 500) {
      throw new TransientReadError(
        `GPU provisioning answered ${response.status}: ${message}`,
      );
    }
    if (response.status === 404) throw new NotFoundError(message);
    if (response.status === 403) throw new NotAllowedError(message);
    throw new Error(
      `Reading GPU request ${id} failed (${response.status}): ${message}`,
    );
  }

  /**
   * Gives a request that waits for an approver back: withdrawn by the
   * scaffolder itself, which made it on the user's behalf, so a wait of days
   * still frees the quota after the user's token has expired; released on
   * behalf of the user when GPU provisioning did not record the scaffolder
   * as its maker (403). The result says whether it worked, and why not, in
   * a sentence for the task log.
   */
  async giveBack(
    id: string,
    initiator: () => Promise<BackstageCredentials>,
  ): Promise<{ released: boolean; why?: string }> {
    const withdrawn = await this.send(id, 'withdraw', () =>
      this.auth.getOwnServiceCredentials(),
    );
    if (withdrawn.released || withdrawn.status !== 403) return withdrawn;
    return this.send(id, 'release', initiator);
  }

  private async send(
    id: string,
    change: 'withdraw' | 'release',
    credentials: () => Promise<BackstageCredentials>,
  ): Promise<{ released: boolean; why?: string; status?: number }> {
    try {
      const { token } = await this.auth.getPluginRequestToken({
        onBehalfOf: await credentials(),
        targetPluginId: TARGET,
      });
      const request = { path: { id } };
      const response =
        change === 'withdraw'
          ? await this.client.withdrawRequest(request, { token })
          : await this.client.releaseRequest(request, { token });
      if (response.ok) return { released: true };
      return {
        released: false,
        status: response.status,
        why: `${response.status}: ${await apiMessage(response)}`,
      };
    } catch (error) {
      return { released: false, why: String(error) };
    }
  }
}

async function apiMessage(response: Response): Promise<string> {
  const error = await ResponseError.fromResponse(response);
  return error.body?.error?.message ?? error.message;
}
