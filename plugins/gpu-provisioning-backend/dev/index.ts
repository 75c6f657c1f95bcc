import { createBackend } from '@backstage/backend-defaults';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startClusterSim } from '@ai-platform/cluster-sim';
import { testConfig } from '../src/__fixtures__/config';
import { ANA, testEntities } from '../src/__fixtures__/entities';

// A standalone backend for developing this plugin: the simulated GPU fleet
// from @ai-platform/cluster-sim as its clusters, the demo organisation as an
// in-memory catalog, and every unauthenticated call made as
// user:default/ana.assistant (a member of group:default/conversational-ai).
// Start it with `npm start` in this folder, then for example:
//
//   curl http://localhost:7007/api/gpu-provisioning/capacity
//   curl http://localhost:7007/api/gpu-provisioning/requests -H 'Content-Type: application/json' \
//     -d '{"team":"group:default/conversational-ai","cluster":"<a cluster from /capacity>","gpuClass":"h100","count":1,"durationHours":4,"purpose":"notebook","dataClassification":"internal","justification":"Trying the dev backend"}'
//   curl http://localhost:7007/api/gpu-provisioning/requests
//
// Call as another user with -H "Authorization: Bearer mock-user-token:{\"sub\":\"user:default/pat.platform\"}".

async function main() {
  const sim = await startClusterSim({ metrics: false });
  process.on('SIGINT', () => sim.stop().finally(() => process.exit(0)));

  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: 'http://localhost:7007',
          listen: { port: 7007 },
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: sim.clusters.map(cluster => ({
                name: cluster.name,
                url: cluster.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: cluster.token,
                ...(cluster.caPem
                  ? { caData: Buffer.from(cluster.caPem).toString('base64') }
                  : {}),
              })),
            },
          ],
        },
        gpuProvisioning: {
          ...testConfig.gpuProvisioning,
          policy: {
            ...testConfig.gpuProvisioning.policy,
            // Every simulated cluster may hold any data in development.
            clusterDataClassifications: Object.fromEntries(
              sim.clusters.map(cluster => [
                cluster.name,
                ['public', 'internal', 'confidential', 'restricted'],
              ]),
            ),
          },
        },
      },
    }),
  );
  backend.add(mockServices.auth.factory());
  backend.add(
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.user(ANA),
    }),
  );
  backend.add(mockServices.userInfo.factory());
  backend.add(catalogServiceMock.factory({ entities: testEntities }));
  backend.add(import('../src'));
  await backend.start();
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
