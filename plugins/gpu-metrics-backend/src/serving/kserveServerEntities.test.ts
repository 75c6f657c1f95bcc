import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { kserveServerEntities } from './kserveServerEntities';
import { groupServers } from './servingServers';

/** The Component the model catalog makes from an InferenceService. */
const modelServer = (cluster: string, namespace: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `llama-${namespace}-${cluster}`,
    annotations: {
      'backstage.io/kubernetes-namespace': namespace,
      'backstage.io/kubernetes-label-selector':
        'serving.kserve.io/inferenceservice=llama',
      'ai-platform.io/kubernetes-cluster': cluster,
    },
  },
  spec: { type: 'model-server', owner: 'group:default/ml-platform' },
});

const pod = (cluster: string, namespace: string, name: string) => ({
  cluster,
  namespace,
  pod: name,
  models: new Set(['meta-llama/Llama-3.1-70B-Instruct']),
});

describe('kserveServerEntities', () => {
  it("finds the InferenceService's model server entity of the same cluster and namespace", async () => {
    const labels: Record<string, Record<string, string>> = {
      'a/ml/p1': {
        app: 'shared',
        'backstage.io/kubernetes-id': 'shared',
        'serving.kserve.io/inferenceservice': 'llama',
      },
      'b/ml/p2': {
        app: 'shared',
        'serving.kserve.io/inferenceservice': 'llama',
      },
      'a/other/p3': { app: 'plain' },
    };
    const servers = groupServers(
      [
        pod('a', 'ml', 'p1'),
        pod('b', 'ml', 'p2'),
        pod('a', 'other', 'p3'),
      ] as any,
      (c, n, p) => labels[`${c}/${n}/${p}`],
    );
    expect(servers.map(s => s.kserve)).toEqual([
      { label: 'serving.kserve.io/inferenceservice', name: 'llama' },
      undefined,
      { label: 'serving.kserve.io/inferenceservice', name: 'llama' },
    ]);
    const found = await kserveServerEntities(
      servers,
      catalogServiceMock({ entities: [modelServer('a', 'ml')] }),
      mockCredentials.user(),
    );
    // Only cluster a's server: b has no entity, and the plain server no label.
    expect([...found.entries()].map(([s, e]) => [s.cluster, e])).toEqual([
      [
        'a',
        {
          entityRef: 'component:default/llama-ml-a',
          ownerRef: 'group:default/ml-platform',
        },
      ],
    ]);
  });
});
