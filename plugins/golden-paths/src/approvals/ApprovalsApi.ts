import { createApiRef } from '@backstage/core-plugin-api';
import { Approval } from '@ai-platform/plugin-approvals-common';

/**
 * The approvals backend, as the inbox sees it. Every method throws a
 * `ResponseError` from `@backstage/errors` when the backend refuses.
 *
 * @public
 */
export interface ApprovalsApi {
  /** The pending approvals the user may decide: those of their groups they did not ask for. */
  listInbox(): Promise<Approval[]>;
  /** Approves or rejects (a reason is required to reject). */
  decide(
    id: string,
    decision: { decision: 'approve' | 'reject'; reason?: string },
  ): Promise<Approval>;
}

/**
 * The utility API reference of {@link ApprovalsApi}.
 *
 * @public
 */
export const approvalsApiRef = createApiRef<ApprovalsApi>({
  id: 'plugin.golden-paths.approvals',
});
