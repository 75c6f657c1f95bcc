import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { assertMayUpgrade, ProjectOwnership } from './assertMayUpgrade';

const project = (owner?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'support-bot', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
});

/** ml-platform sits under platform; the user is in `teams`. */
function organisation(teams: string[]): ProjectOwnership {
  return {
    membership: { teamsOf: async () => teams },
    groupTree: {
      ancestors: async (group: string) =>
        group === 'group:default/ml-platform' ? ['group:default/platform'] : [],
    },
  };
}

const check = (
  entity: Entity,
  teams: string[],
  credentials = mockCredentials.user('user:default/ada'),
) =>
  assertMayUpgrade({
    entity,
    entityRef: 'component:default/support-bot',
    credentials,
    organisation: organisation(teams),
  });

describe('assertMayUpgrade', () => {
  it('lets the owning team, the groups above it and an owning user upgrade', async () => {
    await expect(
      check(project('ml-platform'), ['group:default/ml-platform']),
    ).resolves.toBeUndefined();
    await expect(
      check(project('Group:Default/ML-Platform'), ['group:default/platform']),
    ).resolves.toBeUndefined();
    await expect(
      check(project('user:default/ada'), []),
    ).resolves.toBeUndefined();
  });

  it('refuses another team, a project without owner and service callers, naming why', async () => {
    await expect(
      check(project('ml-platform'), ['group:default/search']),
    ).rejects.toThrow(
      'component:default/support-bot is owned by ml-platform: only its members, or members of the groups above it, may upgrade it',
    );
    await expect(check(project(undefined), [])).rejects.toThrow(
      /has no owner, so nobody may upgrade it/,
    );
    await expect(
      check(
        project('ml-platform'),
        ['group:default/ml-platform'],
        mockCredentials.service('plugin:catalog') as any,
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'Only a user who owns component:default/support-bot may upgrade it; service callers may not',
    });
  });
});
