import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  approvalCreatePermission,
  approvalDecidePermission,
} from '@ai-platform/plugin-approvals-common';
import { approvalsDecider } from './approvalsDecider';

const user = {
  info: { userEntityRef: 'user:default/mei', ownershipEntityRefs: [] },
} as unknown as PolicyQueryUser;

describe('approvalsDecider', () => {
  const decider = approvalsDecider();

  it('allows a signed-in user to ask for and decide approvals, and no one else', async () => {
    for (const permission of [
      approvalCreatePermission,
      approvalDecidePermission,
    ]) {
      expect(await decider.decide({ permission }, user)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
      expect(await decider.decide({ permission }, undefined)).toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('denies an approvals permission it has no rule for', async () => {
    const unlisted = createPermission({
      name: 'approvals.approval.delete',
      attributes: { action: 'delete' },
    });
    expect(await decider.decide({ permission: unlisted }, user)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
