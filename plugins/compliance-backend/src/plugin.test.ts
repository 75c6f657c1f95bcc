import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  complianceDefinitionsExtensionPoint,
  complianceFactRetrieversExtensionPoint,
  EntityFacts,
  FactRetriever,
} from '@ai-platform/plugin-compliance-node';
import { createTestDatabases, recordingAuditor } from '@ai-platform/test-utils';
import request from 'supertest';
import { loadDemoEntities } from './__testUtils__/demoCatalog';
import { compliancePlugin } from './plugin';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const API = '/api/compliance';
const ENTITY = 'component:default/search-embedding-service';
const APPROVER = 'user:default/priya.platform';

/**
 * Another team's grant facts, from its own provisioning system: one grant of
 * restricted data on a disallowed cluster, justified and time-limited.
 */
const teamGrantRetriever: FactRetriever = {
  id: 'grants',
  async retrieve(entities, context) {
    const facts = new Map<string, EntityFacts>();
    for (const entity of entities) {
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      const mine = ref === ENTITY;
      facts.set(ref, {
        retriever: 'grants',
        collectedAt: context.now.toISOString(),
        values: {
          'grants.count': mine ? 1 : 0,
          'grants.restrictedOnDisallowedClusters': mine ? ['team-grant-1'] : [],
          'grants.withoutJustificationOrExpiry': [],
        },
      });
    }
    return facts;
  },
};

function moduleAdding(options: {
  retrievers?: FactRetriever[];
  definitionsDirectory?: string;
}) {
  return createBackendModule({
    pluginId: 'compliance',
    moduleId: 'team-grants',
    register(reg) {
      reg.registerInit({
        deps: {
          retrievers: complianceFactRetrieversExtensionPoint,
          definitions: complianceDefinitionsExtensionPoint,
        },
        async init({ retrievers, definitions }) {
          retrievers.addFactRetriever(...(options.retrievers ?? []));
          definitions.addDefinitions({
            origin: 'team-grants module',
            content: {
              checks: [
                {
                  id: 'team-grants-few',
                  title: 'At most two GPU grants',
                  severity: 'low',
                  weight: 1,
                  kinds: ['component'],
                  explanation: 'The team caps grants per component.',
                  howToFix: 'Release grants you no longer need.',
                  condition: {
                    fact: 'grants.count',
                    operator: 'lessThanInclusive',
                    value: 2,
                  },
                },
              ],
            },
          });
          if (options.definitionsDirectory)
            definitions.addDefinitionsDirectory(options.definitionsDirectory);
        },
      });
    },
  });
}

async function startBackend(module: ReturnType<typeof moduleAdding>) {
  const knex = await databases.init('SQLITE_3');
  const { auditor } = recordingAuditor();
  return startTestBackend({
    features: [
      compliancePlugin,
      module,
      mockServices.rootConfig.factory({
        data: {
          compliance: {
            grants: { enabled: false },
            schedule: { full: { hours: 24 }, incremental: { hours: 24 } },
          },
        },
      }),
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities: loadDemoEntities() }),
      mockServices.permissions.factory(),
      auditor.factory,
      actionsRegistryServiceFactory,
    ],
  });
}

describe('compliance extension points', () => {
  const mockDir = createMockDirectory();

  it("evaluates a module's fact retriever and definitions beside the built-in ones", async () => {
    mockDir.setContent({
      'team-policy.yaml': [
        'id: team-policy',
        'title: Team GPU policy',
        'version: "1"',
        'description: The team rules for GPU grants.',
        'controls:',
        '  - id: TP-1',
        '    title: GPU grants stay on approved clusters and are few',
        '    checks: [grants-restricted-on-allowed-clusters, team-grants-few]',
        '',
      ].join('\n'),
    });
    const { server } = await startBackend(
      moduleAdding({
        retrievers: [teamGrantRetriever],
        definitionsDirectory: mockDir.path,
      }),
    );
    const auth = mockCredentials.user.header(APPROVER);
    const run = await request(server)
      .post(`${API}/evaluations`)
      .set('Authorization', auth);
    expect(run.status).toBe(200);

    const frameworks = await request(server)
      .get(`${API}/frameworks`)
      .set('Authorization', auth);
    expect(frameworks.body.frameworks.map((f: { id: string }) => f.id)).toEqual(
      ['hipaa', 'iso27001', 'soc2', 'team-policy'],
    );

    const entity = await request(server)
      .get(`${API}/entity`)
      .query({ entityRef: ENTITY })
      .set('Authorization', auth);
    expect(entity.status).toBe(200);
    const status = (checkId: string) =>
      entity.body.checks.find((c: { checkId: string }) => c.checkId === checkId)
        ?.status;
    // Built-in checks read the module's facts...
    expect(status('grants-restricted-on-allowed-clusters')).toBe('fail');
    expect(status('grants-justified-and-expiring')).toBe('pass');
    // ...and so does the module's own check.
    expect(status('team-grants-few')).toBe('pass');
    // The built-in retrievers still run.
    expect(status('catalog-owner-is-group')).toBe('pass');
    expect(
      entity.body.checks.find(
        (c: { checkId: string }) =>
          c.checkId === 'grants-restricted-on-allowed-clusters',
      ).evidence.facts,
    ).toEqual({
      'grants.count': 1,
      'grants.restrictedOnDisallowedClusters': ['team-grant-1'],
    });
  });

  it('refuses a retriever whose id is taken', async () => {
    await expect(
      startBackend(
        moduleAdding({
          retrievers: [{ ...teamGrantRetriever, id: 'catalog' }],
        }),
      ),
    ).rejects.toThrow(
      "Compliance fact retriever id 'catalog' is used by more than one retriever",
    );
  });

  it("refuses a module's check that is already defined", async () => {
    mockDir.setContent({
      'duplicate.yaml': [
        'checks:',
        '  - id: team-grants-few',
        '    title: Again',
        '    severity: low',
        '    weight: 1',
        '    kinds: [component]',
        '    explanation: Twice.',
        '    howToFix: Once.',
        '    condition: { fact: grants.count, operator: equal, value: 0 }',
        '',
      ].join('\n'),
    });
    await expect(
      startBackend(moduleAdding({ definitionsDirectory: mockDir.path })),
    ).rejects.toThrow(
      /Compliance check 'team-grants-few' in .*duplicate\.yaml is already defined in team-grants module/,
    );
  });
});
