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
 * Reads and releases GPU requests through the generated client: reads either
 * on behalf of a user (the task's initiator) or as the scaffolder itself, and
 * releases only on behalf of a user, since GPU provisioning refuses every
 * change from a service principal.
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
   * Gives a request back on behalf of the user; the sentence for the task log
   * says whether it worked, and why not (such as a sign-in that has expired).
   */
  async release(
    id: string,
    onBehalfOf: BackstageCredentials,
  ): Promise<{ released: boolean; why?: string }> {
    try {
      const { token } = await this.auth.getPluginRequestToken({
        onBehalfOf,
        targetPluginId: TARGET,
      });
      const response = await this.client.releaseRequest(
        { path: { id } },
        { token },
      );
      if (response.ok) return { released: true };
      return {
        released: false,
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
