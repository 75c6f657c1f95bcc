import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { EntityRefSet } from './EntityRefSet';
import {
  COST_RESOURCE_TYPE,
  COST_RULES,
  costBudgetManagePermission,
  costFocusExportPermission,
  costIngestPermission,
  costReadPermission,
} from '@ai-platform/plugin-cost-common';
import { costDecider } from './costDecider';

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
  'user:default/finance': ['group:default/Finance'],
};

describe('costDecider', () => {
  const decider = costDecider({
    admins: EntityRefSet.of(['group:default/finance', 'user:default/auditor']),
    groupsOf: async ref => memberships[ref] ?? [],
  });

  it('owns the cost permissions only', () => {
    expect(decider.owns(costReadPermission)).toBe(true);
    expect(decider.owns(costIngestPermission)).toBe(true);
    expect(
      decider.owns(
        createPermission({ name: 'catalog.entity.read', attributes: {} }),
      ),
    ).toBe(false);
  });

  it.each([
    costReadPermission,
    costBudgetManagePermission,
    costIngestPermission,
    costFocusExportPermission,
  ])(
    'allows admins (groups, case-insensitive, and users) %s',
    async permission => {
      await expect(
        decider.decide({ permission }, userOf('user:default/finance')),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        decider.decide({ permission }, userOf('user:default/auditor')),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    },
  );

  it('makes reading conditional on the team or its ancestors, with catalog memberships', async () => {
    await expect(
      decider.decide(
        { permission: costReadPermission },
        userOf('user:default/guest', ['user:default/guest']),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'cost',
      resourceType: COST_RESOURCE_TYPE,
      conditions: {
        resourceType: COST_RESOURCE_TYPE,
        rule: COST_RULES.IS_TEAM_OR_ANCESTOR,
        params: {
          groupRefs: [
            'group:default/conversational-ai',
            'group:default/ml-platform',
          ],
        },
      },
    });
  });

  it('makes budget management conditional on a group above the team', async () => {
    const decision = await decider.decide(
      { permission: costBudgetManagePermission },
      userOf('user:default/priya.platform'),
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: COST_RULES.IS_ANCESTOR,
        params: { groupRefs: ['group:default/platform-engineering'] },
      },
    });
  });

  it.each([costIngestPermission, costFocusExportPermission])(
    'denies %s to non-admins and everything to anonymous callers',
    async permission => {
      await expect(
        decider.decide({ permission }, userOf('user:default/guest')),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
      await expect(
        decider.decide({ permission: costReadPermission }),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    },
  );
});
