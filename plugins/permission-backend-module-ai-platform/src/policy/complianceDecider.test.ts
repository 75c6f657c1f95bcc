import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { EntityRefSet } from './EntityRefSet';
import {
  complianceEntityEvaluatePermission,
  complianceEvaluationRunPermission,
  complianceScoreReadPermission,
  complianceWaiverCreatePermission,
  complianceWaiverDeletePermission,
} from '@ai-platform/plugin-compliance-common';
import { complianceDecider } from './complianceDecider';

function userOf(ref: string, ownership: string[] = [ref]): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: ownership },
  };
}

const memberships: Record<string, string[]> = {
  'user:default/priya.platform': ['group:default/platform-engineering'],
  'user:default/guest': ['group:default/conversational-ai'],
};

describe('complianceDecider', () => {
  const decider = complianceDecider({
    approvers: EntityRefSet.of(['group:default/Platform-Engineering']),
    groupsOf: async ref => memberships[ref] ?? [],
  });

  it('owns the compliance permissions only', () => {
    expect(decider.owns(complianceWaiverCreatePermission)).toBe(true);
    expect(decider.owns(complianceScoreReadPermission)).toBe(true);
    expect(
      decider.owns(
        createPermission({
          name: 'gpu.request.create',
          attributes: { action: 'create' },
        }),
      ),
    ).toBe(false);
  });

  it.each([complianceScoreReadPermission, complianceEntityEvaluatePermission])(
    'allows %s to anyone signed in, nobody anonymous',
    async permission => {
      await expect(
        decider.decide({ permission }, userOf('user:default/guest')),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(decider.decide({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    },
  );

  it.each([
    complianceWaiverCreatePermission,
    complianceWaiverDeletePermission,
    complianceEvaluationRunPermission,
  ])('allows %s to approvers only', async permission => {
    await expect(
      decider.decide({ permission }, userOf('user:default/priya.platform')),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      decider.decide({ permission }, userOf('user:default/guest')),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    // A user named in the list is an approver too.
    await expect(
      complianceDecider({
        approvers: EntityRefSet.of(['User:Default/Guest']),
        groupsOf: async () => [],
      }).decide({ permission }, userOf('user:default/guest')),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    // Membership claimed in the token counts too.
    await expect(
      decider.decide(
        { permission },
        userOf('user:default/new.joiner', [
          'user:default/new.joiner',
          'group:default/platform-engineering',
        ]),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
