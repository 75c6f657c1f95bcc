import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { EntityRefSet } from './EntityRefSet';
import {
  gpuApproverPermission,
  gpuCapacityReadPermission,
  gpuRequestApprovePermission,
  gpuRequestCreatePermission,
  gpuRequestReadPermission,
  gpuRequestUpdatePermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { createPermission } from '@backstage/plugin-permission-common';
import { gpuProvisioningDecider } from './gpuProvisioningDecider';

function userOf(ref: string, ownership: string[] = [ref]): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: ownership },
  };
}

const memberships: Record<string, string[]> = {
  'user:default/priya.platform': ['group:default/platform-engineering'],
  'user:default/guest': [
    'group:default/conversational-ai',
    'group:default/ml-platform',
  ],
};

describe('gpuProvisioningDecider', () => {
  const decider = gpuProvisioningDecider({
    approvers: EntityRefSet.of(['Group:default/Platform-Engineering']),
    groupsOf: async ref => memberships[ref] ?? [],
  });

  it('owns the GPU permissions only', () => {
    expect(decider.owns(gpuRequestCreatePermission)).toBe(true);
    expect(
      decider.owns(
        createPermission({
          name: 'catalog.entity.read',
          attributes: { action: 'read' },
        }),
      ),
    ).toBe(false);
  });

  it.each([gpuCapacityReadPermission, gpuRequestCreatePermission])(
    'allows %s to anyone signed in',
    async permission => {
      await expect(
        decider.decide({ permission }, userOf('user:default/guest')),
      ).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
      await expect(decider.decide({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    },
  );

  it('lets approvers approve, from their catalog memberships, and nobody else', async () => {
    await expect(
      decider.decide(
        { permission: gpuRequestApprovePermission },
        userOf('user:default/priya.platform'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      decider.decide(
        { permission: gpuRequestApprovePermission },
        userOf('user:default/guest'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('tells approvers, and only them, that they are approvers, as it lets them approve and read every request', async () => {
    const approver = userOf('user:default/priya.platform');
    const other = userOf('user:default/guest');
    for (const permission of [
      gpuApproverPermission,
      gpuRequestApprovePermission,
    ]) {
      await expect(decider.decide({ permission }, approver)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
      await expect(decider.decide({ permission }, other)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(decider.decide({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
    // Listing every request (the approval queue) is unconditional for them only.
    await expect(
      decider.decide({ permission: gpuRequestReadPermission }, approver),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      (await decider.decide({ permission: gpuRequestReadPermission }, other))
        .result,
    ).toBe(AuthorizeResult.CONDITIONAL);
  });

  it.each([gpuRequestReadPermission, gpuRequestUpdatePermission])(
    'makes %s conditional on being the requester or on the team',
    async permission => {
      const decision = await decider.decide(
        { permission },
        userOf('user:default/guest', [
          'user:default/guest',
          'group:default/extra',
        ]),
      );
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'gpu-provisioning',
        resourceType: 'gpu-request',
        conditions: {
          anyOf: [
            {
              resourceType: 'gpu-request',
              rule: 'IS_REQUESTER',
              params: { userRefs: ['user:default/guest'] },
            },
            {
              resourceType: 'gpu-request',
              rule: 'IS_TEAM',
              params: {
                teamRefs: [
                  'group:default/extra',
                  'group:default/conversational-ai',
                  'group:default/ml-platform',
                ],
              },
            },
          ],
        },
      });
    },
  );

  it('lets approvers read every request', async () => {
    await expect(
      decider.decide(
        { permission: gpuRequestReadPermission },
        userOf('user:default/priya.platform'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
