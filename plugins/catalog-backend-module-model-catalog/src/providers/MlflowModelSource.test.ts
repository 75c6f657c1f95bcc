import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { validateModelMetadata } from '@ai-platform/plugin-model-catalog-common';
import {
  mlflowModelVersions,
  mlflowRegisteredModels,
} from './__fixtures__/mlflow';
import {
  mlflowPage,
  RegistryServer,
  startRegistryServer,
} from './__testUtils__/startRegistryServer';
import { MlflowModelSource } from './MlflowModelSource';
import { ModelSourceEntityProvider } from './ModelSourceEntityProvider';

const mlflowHandler = (url: URL) => {
  if (url.pathname === '/api/2.0/mlflow/registered-models/search') {
    return mlflowPage(url, 'registered_models', mlflowRegisteredModels);
  }
  if (url.pathname === '/api/2.0/mlflow/model-versions/search') {
    return mlflowPage(url, 'model_versions', mlflowModelVersions);
  }
  return undefined;
};

function connection() {
  const applyMutation = jest.fn();
  return {
    connection: {
      applyMutation,
      refresh: jest.fn(),
    } as unknown as EntityProviderConnection & { applyMutation: jest.Mock },
    applied: (call = -1): Entity[] =>
      applyMutation.mock.calls
        .at(call)![0]
        .entities.map((e: { entity: Entity }) => e.entity),
  };
}

describe('MlflowModelSource', () => {
  let server: RegistryServer;
  beforeEach(async () => {
    server = await startRegistryServer(mlflowHandler);
  });
  afterEach(() => server.close());

  const source = () =>
    MlflowModelSource.create({
      id: 'prod',
      baseUrl: server.baseUrl,
      namespace: 'default',
      defaultOwner: 'group:default/ml-platform',
      registryTitle: 'MLflow prod',
      pageSize: 2,
      logger: mockServices.logger.mock(),
    });

  it('reads every page of models and versions into model entities', async () => {
    const { entities } = await source().read();
    expect(server.requests).toEqual([
      '/api/2.0/mlflow/registered-models/search?max_results=2',
      '/api/2.0/mlflow/registered-models/search?max_results=2&page_token=2',
      '/api/2.0/mlflow/model-versions/search?max_results=2',
      '/api/2.0/mlflow/model-versions/search?max_results=2&page_token=2',
    ]);
    expect(entities.map(e => e.metadata.name)).toEqual([
      'meta-llama-llama-3-1-8b-instruct',
      'support-assistant-llama',
      'fraud-detector',
    ]);
    const llama = entities[0];
    expect(llama.metadata).toMatchObject({
      title: 'meta-llama/Llama-3.1-8B-Instruct',
      tags: ['llm', 'chat'],
      annotations: { 'ai-platform.io/data-classification': 'public' },
      links: [
        {
          url: `${server.baseUrl}/#/models/meta-llama%2FLlama-3.1-8B-Instruct`,
        },
      ],
    });
    expect(llama.spec).toMatchObject({
      type: 'ai-model',
      owner: 'group:default/ml-platform',
      model: {
        task: 'text-generation',
        parameters: 8030000000,
        precision: 'bf16',
        contextLength: 131072,
        license: 'llama3.1',
        versions: [
          {
            version: '2',
            aliases: ['champion'],
            stage: 'Production',
            createdAt: '2024-08-23T00:00:00.000Z',
            artifactUri: 's3://models/llama-3.1-8b-instruct/2',
          },
          { version: '1', stage: 'Archived' },
        ],
      },
    });
    expect(validateModelMetadata(llama.spec!.model).ok).toBe(true);

    const finetune = entities[1];
    expect(finetune.spec).toMatchObject({
      owner: 'group:default/conversational-ai',
      dependsOn: ['resource:default/meta-llama-llama-3-1-8b-instruct'],
      model: {
        baseModel: 'resource:default/meta-llama-llama-3-1-8b-instruct',
        datasets: ['support-tickets-2024', 'ultrachat_200k'],
        evaluations: [{ name: 'Support QA', metric: 'accuracy', value: 0.87 }],
        trainingDataClassification: 'confidential',
      },
    });
    expect(
      (finetune.spec!.model as any).versions.map((v: any) => [
        v.version,
        v.aliases,
      ]),
    ).toEqual([
      ['4', ['challenger']],
      ['3', ['champion']],
    ]);
  });

  it('passes malformed tag values on so the processor reports them', async () => {
    const { entities } = await source().read();
    const fraud = entities.find(e => e.metadata.name === 'fraud-detector')!;
    expect(fraud.spec!.model).toMatchObject({
      parameters: 'about two million',
      precision: 'fp12',
    });
    const validation = validateModelMetadata(fraud.spec!.model);
    expect(validation.ok).toBe(false);
    expect(validation.ok ? [] : validation.errors).toEqual([
      expect.stringMatching(/^spec\.model\.parameters: /),
      expect.stringMatching(/^spec\.model\.precision: /),
    ]);
  });

  it('skips models without a name and keeps the others', async () => {
    server.setHandler(url =>
      url.pathname.endsWith('registered-models/search')
        ? {
            body: {
              registered_models: [
                { creation_timestamp: 1 },
                { name: '' },
                mlflowRegisteredModels[2],
              ],
            },
          }
        : { body: {} },
    );
    const { entities } = await source().read();
    expect(entities.map(e => e.metadata.name)).toEqual(['fraud-detector']);
  });

  it('retries a failing registry, reports the error and keeps the entities', async () => {
    const provider = ModelSourceEntityProvider.create({
      name: 'MlflowEntityProvider:prod',
      source: source(),
      locationRef: `url:${server.baseUrl}`,
      logger: mockServices.logger.mock(),
      retryDelayMs: 1,
    });
    const { connection: conn, applied } = connection();
    await provider.connect(conn);

    expect(await provider.refresh()).toEqual({
      ok: true,
      entities: 3,
      attempts: 1,
    });
    expect(applied()).toHaveLength(3);
    expect(applied()[0].metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `url:${server.baseUrl}`,
      'ai-platform.io/model-source': 'mlflow:prod',
    });
    expect(conn.applyMutation.mock.calls[0][0].entities[0].locationKey).toBe(
      'MlflowEntityProvider:prod',
    );

    server.requests.length = 0;
    server.setHandler(() => ({
      status: 503,
      body: { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'down' },
    }));
    const outcome = await provider.refresh();
    expect(outcome).toMatchObject({ ok: false, attempts: 3, keptEntities: 3 });
    expect(outcome.ok ? '' : outcome.error).toMatch(/503/);
    expect(server.requests).toHaveLength(3);
    expect(conn.applyMutation).toHaveBeenCalledTimes(2);
    const kept = applied();
    expect(kept.map(e => e.metadata.name)).toEqual([
      'meta-llama-llama-3-1-8b-instruct',
      'support-assistant-llama',
      'fraud-detector',
    ]);
    expect(
      kept[0].metadata.annotations!['ai-platform.io/model-source-error'],
    ).toMatch(/503/);

    server.setHandler(mlflowHandler);
    await provider.refresh();
    expect(
      applied()[0].metadata.annotations!['ai-platform.io/model-source-error'],
    ).toBeUndefined();
  });

  it('applies nothing when the registry fails before any good read', async () => {
    server.setHandler(() => ({ body: 'not json at all' }));
    const provider = ModelSourceEntityProvider.create({
      name: 'MlflowEntityProvider:prod',
      source: source(),
      locationRef: `url:${server.baseUrl}`,
      logger: mockServices.logger.mock(),
      retryDelayMs: 1,
      attempts: 2,
    });
    const { connection: conn } = connection();
    await provider.connect(conn);
    const outcome = await provider.refresh();
    expect(outcome).toMatchObject({ ok: false, keptEntities: 0 });
    expect(outcome.ok ? '' : outcome.error).toMatch(/not JSON/);
    expect(conn.applyMutation).not.toHaveBeenCalled();
  });

  it('fails on an answer of the wrong shape', async () => {
    server.setHandler(() => ({ body: { registered_models: 'oops' } }));
    await expect(source().read()).rejects.toThrow(
      /registered-models\/search answered with an unexpected shape: registered_models/,
    );
  });
});
