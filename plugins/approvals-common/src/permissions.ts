import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Asking a named approver group for an approval (`POST /approvals`), usually
 * by the scaffolder's `ai-platform:approval:await` on behalf of the user
 * running a template.
 *
 * @public
 */
export const approvalCreatePermission = createPermission({
  name: 'approvals.approval.create',
  attributes: { action: 'create' },
});

/**
 * Approving or rejecting an approval. The policy allows it to signed-in
 * users; the approvals backend then allows only the members of the
 * approval's approver group, never the requester, never a service.
 *
 * @public
 */
export const approvalDecidePermission = createPermission({
  name: 'approvals.approval.decide',
  attributes: { action: 'update' },
});

/**
 * Every permission of the approvals plugin family.
 *
 * @public
 */
export const approvalsPermissions = [
  approvalCreatePermission,
  approvalDecidePermission,
];
