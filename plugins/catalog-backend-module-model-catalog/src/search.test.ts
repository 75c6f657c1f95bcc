import { join } from 'node:path';
import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import searchModuleCatalogCollator from '@backstage/plugin-search-backend-module-catalog';
import request from 'supertest';
import { catalogModuleModelCatalog } from './module';

jest.setTimeout(120_000);

const demo = join(__dirname, '../../../demo');

describe('models in Backstage search', () => {
  it('are indexed by the catalog collator and found by title and description', async () => {
    // The mock scheduler runs each task once at start-up; the test triggers
    // the collator again once the catalog has the models.
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(): ServiceFactory<SchedulerService>;
    };
    const { server } = await startTestBackend({
      features: [
        scheduler.factory(),
        catalogPlugin,
        catalogModuleModelCatalog,
        searchPlugin,
        searchModuleCatalogCollator,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Resource', 'Location'] }],
              locations: [
                { type: 'file', target: join(demo, 'catalog/models.yaml') },
              ],
            },
            modelCatalog: {
              modelCards: { localDirectories: [join(demo, 'model-cards')] },
            },
          },
        }),
      ],
    });
    const get = (path: string) =>
      request(server)
        .get(path)
        .set('authorization', mockCredentials.user.header());
    for (let i = 0; i < 120; i++) {
      const res = await get(
        '/api/catalog/entities/by-name/resource/default/llama-guard-3-8b',
      );
      if (res.status === 200) break;
      await new Promise(r => setTimeout(r, 500));
    }
    await scheduler.triggerTask('search_index_software_catalog');

    const byTitle = await get('/api/search/query?term=Llama%20Guard');
    expect(byTitle.status).toBe(200);
    expect(byTitle.body.results[0].document).toMatchObject({
      title: 'Llama Guard 3 8B',
      kind: 'Resource',
      type: 'ai-model',
      owner: 'ml-platform',
      location: '/catalog/default/resource/llama-guard-3-8b',
    });

    const byDescription = await get(
      '/api/search/query?term=speech%20recognition',
    );
    expect(
      byDescription.body.results.map(
        (r: { document: { title: string } }) => r.document.title,
      ),
    ).toContain('Whisper large-v3');
  });
});
