import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AiPlatformOrganisation,
  aiPlatformOrganisationServiceRef,
} from './aiPlatformOrganisationServiceRef';

function group(name: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
  };
}

const entities: Entity[] = [
  group('acme'),
  group('ML-Platform', 'acme'),
  group('inference', 'ml-platform'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'priya', namespace: 'default' },
    spec: { memberOf: ['inference'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/Inference' }],
  },
];

describe('aiPlatformOrganisationServiceRef', () => {
  it('gives every plugin the same group tree and team rule over the catalog', async () => {
    const seen: AiPlatformOrganisation[] = [];
    const plugin = createBackendPlugin({
      pluginId: 'organisation-reader',
      register(env) {
        env.registerInit({
          deps: { organisation: aiPlatformOrganisationServiceRef },
          async init({ organisation }) {
            seen.push(organisation);
          },
        });
      },
    });
    await startTestBackend({
      features: [
        plugin,
        catalogServiceMock.factory({ entities }),
        mockServices.userInfo.mock({
          getUserInfo: async () => ({
            userEntityRef: 'user:default/priya',
            ownershipEntityRefs: [
              'user:default/priya',
              'group:default/on-call',
            ],
          }),
        }).factory,
      ],
    });
    const [{ groupTree, membership }] = seen;
    expect(await groupTree.descendants('group:default/acme')).toEqual([
      'group:default/acme',
      'group:default/ml-platform',
      'group:default/inference',
    ]);
    expect(await groupTree.ancestors('Inference')).toEqual([
      'group:default/ml-platform',
      'group:default/acme',
    ]);
    expect(
      await membership.teamsOf(mockCredentials.user('user:default/priya')),
    ).toEqual(['group:default/inference', 'group:default/on-call']);
  });

  function reader(seen: AiPlatformOrganisation[]) {
    return createBackendPlugin({
      pluginId: 'organisation-reader',
      register(env) {
        env.registerInit({
          deps: { organisation: aiPlatformOrganisationServiceRef },
          async init({ organisation }) {
            seen.push(organisation);
          },
        });
      },
    });
  }

  it('reads the tree again after aiPlatform.organisation.cacheSeconds', async () => {
    const groups = [group('acme'), group('labs'), group('inference', 'acme')];
    const seen: AiPlatformOrganisation[] = [];
    await startTestBackend({
      features: [
        reader(seen),
        catalogServiceMock.factory({ entities: groups }),
        mockServices.rootConfig.factory({
          data: { aiPlatform: { organisation: { cacheSeconds: 0 } } },
        }),
      ],
    });
    const [{ groupTree }] = seen;
    expect(await groupTree.ancestors('group:default/inference')).toEqual([
      'group:default/acme',
    ]);
    groups[2].spec!.parent = 'labs';
    expect(await groupTree.ancestors('group:default/inference')).toEqual([
      'group:default/labs',
    ]);
  });

  it('refuses to start with a negative cache time, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          reader([]),
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({
            data: { aiPlatform: { organisation: { cacheSeconds: -1 } } },
          }),
        ],
      }),
    ).rejects.toThrow(/aiPlatform\.organisation\.cacheSeconds/);
  });
});
