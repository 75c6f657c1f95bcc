import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Approval,
  ApprovalsApiClient,
  ApprovalsTypedResponse,
} from '@ai-platform/plugin-approvals-common';
import { ApprovalsApi } from './ApprovalsApi';

/**
 * Talks to the `approvals` backend plugin through its generated client with
 * the app's discovery and fetch APIs, so the user's credentials go with
 * every call.
 *
 * @public
 */
export class ApprovalsClient implements ApprovalsApi {
  private readonly client: ApprovalsApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new ApprovalsApiClient(options);
  }

  /** {@inheritDoc ApprovalsApi.listInbox} */
  async listInbox(): Promise<Approval[]> {
    const body = await read(
      this.client.listApprovals({
        query: { status: 'pending', mine: 'approver' },
      }),
    );
    return body.items as Approval[];
  }

  /** {@inheritDoc ApprovalsApi.decide} */
  async decide(
    id: string,
    decision: { decision: 'approve' | 'reject'; reason?: string },
  ): Promise<Approval> {
    return (await read(
      this.client.decideApproval({ path: { id }, body: decision }),
    )) as Approval;
  }
}

async function read<T>(
  pending: Promise<ApprovalsTypedResponse<T>>,
): Promise<T> {
  const response = await pending;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as Response);
  }
  return response.json();
}
