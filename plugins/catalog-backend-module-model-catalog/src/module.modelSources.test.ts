import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  ModelSource,
  modelSourcesExtensionPoint,
} from '@ai-platform/plugin-model-catalog-node';
import request from 'supertest';
import { catalogModuleModelCatalog } from './module';

jest.setTimeout(180_000);

/** Another team's registry: one model, in the model entity convention. */
const teamModel: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'team-llama-8b', namespace: 'default' },
  spec: {
    type: 'ai-model',
    owner: 'group:default/ml-platform',
    lifecycle: 'production',
    model: {
      framework: 'transformers',
      parameters: 8030000000,
      precision: 'bf16',
    },
  },
};

const teamSource: ModelSource = {
  id: 'sagemaker:team',
  read: async () => ({ entities: [teamModel] }),
};

const schedule = { frequency: { minutes: 10 }, timeout: { minutes: 1 } };

function moduleAdding(...sources: ModelSource[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'team-models',
    register(reg) {
      reg.registerInit({
        deps: { modelSources: modelSourcesExtensionPoint },
        async init({ modelSources }) {
          modelSources.addModelSource(
            ...sources.map(source => ({
              source,
              locationRef: 'url:https://models.team.example.com',
              schedule,
            })),
          );
        },
      });
    },
  });
}

function startCatalog(module: ReturnType<typeof moduleAdding>) {
  return startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleModelCatalog,
      module,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            processingInterval: { seconds: 1 },
            rules: [{ allow: ['Resource', 'Component', 'API', 'Location'] }],
          },
          modelCatalog: { gpuClasses: [{ id: 'l40s', memoryMiB: 46068 }] },
        },
      }),
    ],
  });
}

describe('modelSourcesExtensionPoint', () => {
  it("reads a module's source like the built-in ones", async () => {
    const { server } = await startCatalog(moduleAdding(teamSource));
    let entity: AlphaEntity | undefined;
    for (let i = 0; i < 240 && !entity?.spec?.model; i++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/resource/default/team-llama-8b')
        .set('authorization', mockCredentials.user.header());
      entity = res.status === 200 ? (res.body as AlphaEntity) : undefined;
      if (!entity) await new Promise(r => setTimeout(r, 500));
    }
    expect(entity?.metadata.annotations).toMatchObject({
      'ai-platform.io/model-source': 'sagemaker:team',
      'backstage.io/managed-by-location': 'url:https://models.team.example.com',
    });
    // The model processor completed it: GPU fit from parameters and precision.
    expect(entity?.spec?.model).toMatchObject({ fitsOn: ['l40s'] });
  });

  it('refuses a source added twice', async () => {
    await expect(
      startCatalog(moduleAdding(teamSource, teamSource)),
    ).rejects.toThrow("Model source 'sagemaker:team' was added more than once");
  });
});
