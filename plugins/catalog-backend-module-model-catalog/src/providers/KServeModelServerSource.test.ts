import {
  ClusterSim,
  createSchemaValidation,
  startClusterSim,
} from '@ai-platform/cluster-sim';
import { fleetKubernetesConfig } from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { KServeModelServerSource } from './KServeModelServerSource';
import { ModelSourceEntityProvider } from './ModelSourceEntityProvider';
import { readableClustersFromConfig } from './kubernetesClusters';

describe('KServeModelServerSource', () => {
  let sim: ClusterSim;

  beforeAll(async () => {
    sim = await startClusterSim({ seed: 'none', metrics: false });
  });
  afterAll(() => sim?.stop());

  const clusters = () =>
    readableClustersFromConfig(
      new ConfigReader({
        kubernetes: fleetKubernetesConfig(sim, {
          extraClusters: [{ name: 'no-token', url: 'https://127.0.0.1:1' }],
        }),
      }),
      mockServices.logger.mock(),
    );

  async function apply(objects: object[]) {
    const prod = clusters().find(c => c.name === 'gpu-prod')!;
    const client = KubernetesObjectApi.makeApiClient(prod.kubeConfig);
    for (const o of objects) await client.create(o as any);
  }

  beforeAll(async () => {
    await apply([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'ml-platform',
          labels: { 'ai-platform.io/team': 'ml-platform' },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'gpu-grant-7',
          annotations: {
            'ai-platform.io/team-ref': 'group:default/conversational-ai',
          },
        },
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'search' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch' } },
      {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: {
          name: 'llama-3-1-70b-instruct',
          namespace: 'ml-platform',
          annotations: {
            'ai-platform.io/model': 'resource:default/llama-3-1-70b-instruct',
          },
        },
        spec: {
          predictor: {
            model: {
              modelFormat: { name: 'huggingface' },
              storageUri: 'hf://meta-llama/Llama-3.1-70B-Instruct',
            },
          },
        },
      },
      {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: 'reranker', namespace: 'search' },
        spec: { predictor: { model: { modelFormat: { name: 'onnx' } } } },
      },
      {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: 'experiment', namespace: 'scratch' },
        spec: { predictor: { model: { modelFormat: { name: 'sklearn' } } } },
      },
      {
        apiVersion: 'serving.kserve.io/v1alpha1',
        kind: 'LLMInferenceService',
        metadata: {
          name: 'support-assistant',
          namespace: 'gpu-grant-7',
          annotations: {
            'ai-platform.io/model': 'resource:default/support-assistant-llama',
          },
        },
        spec: {
          model: {
            uri: 'hf://acme/support-assistant',
            name: 'support-assistant',
          },
        },
      },
    ]);
  });

  const source = () => {
    const lookupNamespaceOwner = jest.fn(async (ns: string) =>
      ns === 'search' ? 'group:default/search-relevance' : undefined,
    );
    return {
      lookupNamespaceOwner,
      source: KServeModelServerSource.create({
        cluster: clusters().find(c => c.name === 'gpu-prod')!,
        namespace: 'default',
        defaultOwner: 'group:default/platform-engineering',
        lookupNamespaceOwner,
        logger: mockServices.logger.mock(),
        auditor: mockServices.auditor.mock(),
      }),
    };
  };

  it('skips clusters without a service account token', () => {
    expect(clusters().map(c => c.name)).toEqual(['gpu-prod', 'gpu-dev']);
  });

  it('makes a model-server Component and its API per InferenceService and LLMInferenceService', async () => {
    const { source: s, lookupNamespaceOwner } = source();
    const { entities } = await s.read();
    const byRef = new Map<string, Entity>(
      entities.map(e => [`${e.kind}:${e.metadata.name}`, e]),
    );
    expect([...byRef.keys()].sort()).toEqual([
      'API:experiment-scratch-gpu-prod',
      'API:llama-3-1-70b-instruct-ml-platform-gpu-prod',
      'API:reranker-search-gpu-prod',
      'API:support-assistant-gpu-grant-7-gpu-prod',
      'Component:experiment-scratch-gpu-prod',
      'Component:llama-3-1-70b-instruct-ml-platform-gpu-prod',
      'Component:reranker-search-gpu-prod',
      'Component:support-assistant-gpu-grant-7-gpu-prod',
    ]);
    const llama = byRef.get(
      'Component:llama-3-1-70b-instruct-ml-platform-gpu-prod',
    )!;
    expect(llama.spec).toEqual({
      type: 'model-server',
      lifecycle: 'production',
      owner: 'group:default/ml-platform',
      providesApis: ['api:default/llama-3-1-70b-instruct-ml-platform-gpu-prod'],
      dependsOn: ['resource:default/llama-3-1-70b-instruct'],
    });
    expect(llama.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-namespace': 'ml-platform',
      'backstage.io/kubernetes-label-selector':
        'serving.kserve.io/inferenceservice=llama-3-1-70b-instruct',
    });
    const api = byRef.get('API:llama-3-1-70b-instruct-ml-platform-gpu-prod')!;
    expect(api.spec).toMatchObject({
      type: 'ai-model-server',
      owner: 'group:default/ml-platform',
    });
    expect(api.spec!.definition).toContain('/v1/chat/completions');

    // Ownership: team-ref annotation, team label, catalog lookup, default.
    expect(
      byRef.get('Component:support-assistant-gpu-grant-7-gpu-prod')!.spec,
    ).toMatchObject({
      owner: 'group:default/conversational-ai',
      dependsOn: ['resource:default/support-assistant-llama'],
    });
    expect(byRef.get('Component:reranker-search-gpu-prod')!.spec).toMatchObject(
      {
        owner: 'group:default/search-relevance',
      },
    );
    expect(
      byRef.get('Component:reranker-search-gpu-prod')!.spec!.dependsOn,
    ).toBeUndefined();
    expect(
      byRef.get('Component:experiment-scratch-gpu-prod')!.spec!.owner,
    ).toBe('group:default/platform-engineering');
    expect(lookupNamespaceOwner.mock.calls.map(c => c[0]).sort()).toEqual([
      'scratch',
      'search',
    ]);
  });

  it('keeps the servers while the cluster is down', async () => {
    const prod = sim.cluster('gpu-prod');
    const provider = ModelSourceEntityProvider.create({
      name: 'KServeEntityProvider:gpu-prod',
      source: source().source,
      locationRef: `url:${prod.url}`,
      logger: mockServices.logger.mock(),
      retryDelayMs: 1,
      attempts: 2,
    });
    const applyMutation = jest.fn();
    await provider.connect({
      applyMutation,
      refresh: jest.fn(),
    } as unknown as EntityProviderConnection);
    expect(await provider.refresh()).toMatchObject({ ok: true, entities: 8 });
    const rule = prod.faults.add({
      resource: 'inferenceservices',
      verb: 'list',
      type: 'error',
      status: 503,
    });
    try {
      expect(await provider.refresh()).toMatchObject({
        ok: false,
        keptEntities: 8,
      });
    } finally {
      prod.faults.remove(rule);
    }
    const kept = applyMutation.mock.calls[1][0].entities;
    expect(kept).toHaveLength(8);
    expect(
      kept[0].entity.metadata.annotations['ai-platform.io/model-source-error'],
    ).toMatch(/503/);
  });
});

describe('KServeModelServerSource on the demo fleet', () => {
  let sim: ClusterSim;
  beforeAll(async () => {
    const schemas = createSchemaValidation({ required: true })!;
    sim = await startClusterSim({
      validator: schemas.validator,
      openApi: schemas.openApi,
      metrics: false,
    });
  });
  afterAll(() => sim?.stop());

  it('finds the demo InferenceServices, owned by their namespaces and linked to demo models', async () => {
    const [cluster] = readableClustersFromConfig(
      new ConfigReader({
        kubernetes: fleetKubernetesConfig(sim, { clusters: ['gpu-prod'] }),
      }),
      mockServices.logger.mock(),
    );
    const { entities } = await KServeModelServerSource.create({
      cluster,
      namespace: 'default',
      defaultOwner: 'group:default/ml-platform',
      logger: mockServices.logger.mock(),
    }).read();
    const servers = entities
      .filter(e => e.kind === 'Component')
      .map(e => [e.metadata.name, e.spec!.owner, e.spec!.dependsOn]);
    expect(servers).toEqual(
      expect.arrayContaining([
        [
          'llama-3-1-70b-instruct-ml-platform-gpu-prod',
          'group:default/ml-platform',
          ['resource:default/llama-3-1-70b-instruct'],
        ],
        [
          'support-assistant-conversational-ai-gpu-prod',
          'group:default/conversational-ai',
          ['resource:default/support-assistant-llama-8b'],
        ],
        [
          'bge-large-en-search-relevance-gpu-prod',
          'group:default/search-relevance',
          ['resource:default/bge-large-en-v1-5'],
        ],
      ]),
    );
  });
});
