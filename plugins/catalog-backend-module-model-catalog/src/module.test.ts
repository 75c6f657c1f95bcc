import { join } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleModelCatalog } from './module';
import {
  mlflowModelVersions,
  mlflowRegisteredModels,
} from './providers/__fixtures__/mlflow';
import {
  mlflowPage,
  RegistryServer,
  startRegistryServer,
} from './providers/__testUtils__/startRegistryServer';

jest.setTimeout(180_000);

const demo = join(__dirname, '../../../demo');

describe('catalogModuleModelCatalog in a catalog backend', () => {
  let registry: RegistryServer;
  let models = mlflowRegisteredModels;

  beforeAll(async () => {
    registry = await startRegistryServer(url => {
      if (url.pathname.endsWith('registered-models/search')) {
        return mlflowPage(url, 'registered_models', models);
      }
      if (url.pathname.endsWith('model-versions/search')) {
        return mlflowPage(url, 'model_versions', mlflowModelVersions);
      }
      return undefined;
    });
  });
  afterAll(() => registry.close());

  it('reads the registry, validates models and serves model cards', async () => {
    // The mock scheduler runs each task once at start-up; the test triggers the rest.
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(): ServiceFactory<SchedulerService>;
    };
    const { server } = await startTestBackend({
      features: [
        scheduler.factory(),
        catalogPlugin,
        catalogModuleModelCatalog,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Resource', 'Component', 'API', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: join(demo, 'catalog/models.yaml'),
                },
              ],
            },
            modelCatalog: {
              schedule: {
                frequency: { seconds: 2 },
                timeout: { seconds: 30 },
              },
              modelCards: { localDirectories: [join(demo, 'model-cards')] },
              gpuClasses: [{ id: 'l40s', memoryMiB: 46068 }],
              registries: [
                { type: 'mlflow', id: 'test', baseUrl: registry.baseUrl },
              ],
            },
          },
        }),
      ],
    });
    const get = (path: string) =>
      request(server)
        .get(path)
        .set('authorization', mockCredentials.user.header());
    const entity = async (name: string) => {
      const res = await get(
        `/api/catalog/entities/by-name/resource/default/${name}`,
      );
      return res.status === 200 ? (res.body as AlphaEntity) : undefined;
    };
    const eventually = async <T>(
      fn: () => Promise<T | undefined>,
      what = 'the condition',
    ): Promise<T> => {
      let v: T | undefined;
      for (let i = 0; i < 240; i++) {
        v = await fn();
        if (v !== undefined) return v;
        await new Promise(r => setTimeout(r, 500));
      }
      throw new Error(`timed out waiting for ${what}`);
    };

    // From the registry, with lineage as relations.
    const finetune = await eventually(async () => {
      const e = await entity('support-assistant-llama');
      return e?.relations?.some(r => r.type === 'dependsOn') ? e : undefined;
    });
    expect(finetune.metadata.annotations).toMatchObject({
      'ai-platform.io/model-source': 'mlflow:test',
    });
    expect(finetune.relations).toEqual(
      expect.arrayContaining([
        {
          type: 'dependsOn',
          targetRef: 'resource:default/meta-llama-llama-3-1-8b-instruct',
        },
        { type: 'ownedBy', targetRef: 'group:default/conversational-ai' },
      ]),
    );
    expect(finetune.spec!.model).toMatchObject({ fitsOn: ['l40s'] });

    // The model with malformed tags is reported, not stored.
    expect(await entity('fraud-detector')).toBeUndefined();

    // A demo model from a file location, with its model card read and served.
    const llama = await eventually(() => entity('llama-3-1-8b-instruct'));
    expect(llama.spec!.model).toMatchObject({
      task: 'text-generation',
      license: 'llama3.1',
    });
    const card = await get(
      '/api/catalog/model-cards/default/llama-3-1-8b-instruct',
    );
    expect(card.status).toBe(200);
    expect(card.body.frontMatter.license).toBe('llama3.1');
    expect(card.body.body).toContain('# Llama 3.1 8B Instruct');
    expect(
      (await get('/api/catalog/model-cards/default/no-such-model')).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .get('/api/catalog/model-cards/default/llama-3-1-8b-instruct')
          .set('authorization', mockCredentials.user.invalidHeader())
      ).status,
    ).toBe(401);

    // A model that turns malformed keeps its last good copy, with the error on it.
    models = mlflowRegisteredModels.map(m =>
      m.name === 'support-assistant-llama'
        ? {
            ...m,
            tags: [...m.tags, { key: 'context_length', value: 'very long' }],
          }
        : m,
    );
    await scheduler.triggerTask('MlflowEntityProvider:test');
    const withError = await eventually(async () => {
      const e = await entity('support-assistant-llama');
      return e?.status?.items?.length ? e : undefined;
    }, 'the error on support-assistant-llama');
    expect(withError.status!.items![0].error!.message).toMatch(
      /spec\.model\.contextLength/,
    );
    expect(withError.spec!.model).not.toHaveProperty('contextLength');

    // A registry that goes down loses nothing.
    registry.setHandler(() => ({ status: 500, body: { message: 'down' } }));
    await scheduler.triggerTask('MlflowEntityProvider:test');
    const kept = await eventually(async () => {
      const e = await entity('meta-llama-llama-3-1-8b-instruct');
      return e?.status?.items?.length ? e : undefined;
    }, 'the source error on a kept model');
    expect(kept.status!.items![0].error!.message).toMatch(
      /model source .* failed; the catalog keeps its last good copy: .*500/,
    );
    expect(kept.spec!.model).toMatchObject({ task: 'text-generation' });
  });
});
