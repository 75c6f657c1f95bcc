import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  Approval,
  ApprovalInput,
  ApprovalsApiClient,
} from '@ai-platform/plugin-approvals-common';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';

const TARGET = 'approvals';

/** An answer of the approvals API that is worth asking again (5xx, network). */
export class TransientApprovalsError extends Error {
  name = 'TransientApprovalsError';
}

/**
 * Creates, reads and withdraws approvals through the generated client:
 * creates on behalf of the task's user (who is then the requester), reads as
 * the scaffolder itself (a wait of days outlives the user's token), and
 * withdraws as the scaffolder (the service that asked, which the approvals
 * backend accepts, and whose token never expires mid-wait), falling back to
 * the user's, as the GPU request wait gives its request back.
 */
export class ApprovalsReader {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): ApprovalsReader {
    return new ApprovalsReader(options.auth, options.discovery);
  }

  private readonly client: ApprovalsApiClient;

  private constructor(
    private readonly auth: AuthService,
    discovery: DiscoveryService,
  ) {
    this.client = new ApprovalsApiClient({ discoveryApi: discovery });
  }

  /**
   * Records the approval as `onBehalfOf`, or gives the one made earlier with
   * the same idempotency key; a 400 is an `InputError` in the API's words.
   */
  async create(
    input: ApprovalInput,
    onBehalfOf: BackstageCredentials,
    idempotencyKey: string,
  ): Promise<Approval> {
    const response = await this.client.createApproval(
      { header: { 'Idempotency-Key': idempotencyKey }, body: input },
      { token: await this.token(onBehalfOf) },
    );
    if (response.ok) return (await response.json()) as Approval;
    throw await failure(response, 'Asking for the approval');
  }

  /** One approval, as the scaffolder's own service. */
  async read(id: string): Promise<Approval> {
    let response: Response;
    try {
      response = await this.client.getApproval(
        { path: { id } },
        { token: await this.token() },
      );
    } catch (error) {
      throw new TransientApprovalsError(`Approvals did not answer: ${error}`);
    }
    if (response.ok) return (await response.json()) as Approval;
    if (response.status >= 500) {
      throw new TransientApprovalsError(
        `Approvals answered ${response.status}: ${await apiMessage(response)}`,
      );
    }
    throw await failure(response, `Reading approval ${id}`);
  }

  /**
   * Withdraws a pending approval, as the scaffolder and else as the user;
   * the sentence for the task log says whether it worked.
   */
  async withdraw(
    id: string,
    reason: string,
    onBehalfOf?: BackstageCredentials,
  ): Promise<{ withdrawn: boolean; why?: string }> {
    const attempts = onBehalfOf ? [undefined, onBehalfOf] : [undefined];
    let why = '';
    for (const credentials of attempts) {
      try {
        const response = await this.client.withdrawApproval(
          { path: { id }, body: { reason } },
          { token: await this.token(credentials) },
        );
        if (response.ok) return { withdrawn: true };
        why = `${response.status}: ${await apiMessage(response)}`;
      } catch (error) {
        why = String(error);
      }
    }
    return { withdrawn: false, why };
  }

  private async token(onBehalfOf?: BackstageCredentials): Promise<string> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: onBehalfOf ?? (await this.auth.getOwnServiceCredentials()),
      targetPluginId: TARGET,
    });
    return token;
  }
}

async function failure(response: Response, what: string): Promise<Error> {
  const message = await apiMessage(response);
  switch (response.status) {
    case 400:
      return new InputError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    default:
      return new Error(`${what} failed (${response.status}): ${message}`);
  }
}

async function apiMessage(response: Response): Promise<string> {
  const error = await ResponseError.fromResponse(response);
  return error.body?.error?.message ?? error.message;
}
