import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import express from 'express';
import { parse } from 'yaml';
import { readSuiteApisConfig } from './readSuiteApisConfig';
import { SuiteApiEntityProvider } from './SuiteApiEntityProvider';

const document = (title: string) => ({
  openapi: '3.0.3',
  info: {
    title,
    version: '1',
    description: `The ${title} API of the suite. More detail follows here.`,
  },
  paths: { [`/api/${title}/things`]: { get: { responses: { 200: {} } } } },
});

/** How each fake backend answers `GET /openapi.json`, changeable per test. */
const answers: Record<string, () => { status: number; body: unknown }> = {};

/** A backend plugin that serves `/openapi.json` as `answers` says. */
function fakeSuitePlugin(pluginId: string) {
  return createBackendPlugin({
    pluginId,
    register(reg) {
      reg.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = express.Router();
          router.get('/openapi.json', (req, res) => {
            // Only callers with credentials (the catalog's service token) get it.
            if (!req.headers.authorization?.startsWith('Bearer ')) {
              res.status(401).end();
              return;
            }
            const { status, body } = answers[pluginId]();
            res.status(status).json(body);
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

describe('SuiteApiEntityProvider', () => {
  let provider: SuiteApiEntityProvider;
  let applied: Entity[] | undefined;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    // The provider runs inside a catalog plugin with the real discovery and
    // auth services, and reads real backends over HTTP.
    const host = createBackendPlugin({
      pluginId: 'catalog',
      register(reg) {
        reg.registerInit({
          deps: {
            discovery: coreServices.discovery,
            auth: coreServices.auth,
            logger: coreServices.logger,
          },
          async init({ discovery, auth, logger }) {
            provider = SuiteApiEntityProvider.create({
              config: readSuiteApisConfig(
                new ConfigReader({
                  catalog: {
                    providers: {
                      aiPlatformApis: {
                        owner: 'group:default/platform-engineering',
                        system: 'developer-portal',
                        plugins: [
                          'gpu-provisioning',
                          'gpu-metrics',
                          'cost',
                          'compliance',
                        ],
                      },
                    },
                  },
                }),
              )!,
              discovery,
              auth,
              logger,
              retryDelayMs: 10,
            });
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        host,
        // compliance is not installed: its document answers 404.
        ...['gpu-provisioning', 'gpu-metrics', 'cost'].map(fakeSuitePlugin),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    stop = () => backend.stop();
    const connection: EntityProviderConnection = {
      async applyMutation(mutation) {
        if (mutation.type === 'full') {
          applied = mutation.entities.map(e => e.entity);
        }
      },
      async refresh() {},
    };
    await provider.connect(connection);
  });
  afterAll(() => stop?.());
  beforeEach(() => {
    applied = undefined;
    answers['gpu-provisioning'] = () => ({
      status: 200,
      body: document('gpu-provisioning'),
    });
    answers['gpu-metrics'] = () => ({
      status: 200,
      body: document('gpu-metrics'),
    });
    // Swagger 2 is not what the API docs plugin is told (`type: openapi` 3).
    answers.cost = () => ({
      status: 200,
      body: {
        swagger: '2.0',
        info: { title: 'cost', version: '1' },
        paths: {},
      },
    });
  });

  it('registers an API entity with the served document for each plugin that serves OpenAPI 3', async () => {
    const outcome = await provider.refresh();
    expect(outcome.entities).toEqual([
      'gpu-provisioning-api',
      'gpu-metrics-api',
    ]);
    expect(outcome.failed).toEqual([
      {
        pluginId: 'cost',
        error: 'Error: the document is not OpenAPI 3 (no openapi: 3.x.y)',
      },
      { pluginId: 'compliance', error: expect.stringMatching(/404/) },
    ]);
    expect(applied?.map(e => e.metadata.name)).toEqual(outcome.entities);
    const [gpu] = applied!;
    expect(gpu).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'gpu-provisioning-api',
        title: 'GPU provisioning API',
        description: 'The gpu-provisioning API of the suite.',
        annotations: {
          'backstage.io/managed-by-location': expect.stringMatching(
            /^url:http:\/\/localhost:\d+\/api\/gpu-provisioning\/openapi\.json$/,
          ),
        },
      },
      spec: {
        type: 'openapi',
        lifecycle: 'production',
        owner: 'group:default/platform-engineering',
        system: 'developer-portal',
      },
    });
    expect(parse(gpu.spec!.definition as string)).toEqual(
      document('gpu-provisioning'),
    );
  });

  it('keeps the last good entity of a backend that stops answering, and retries one that is starting', async () => {
    await provider.refresh();
    answers['gpu-metrics'] = () => ({ status: 503, body: {} });
    let calls = 0;
    answers['gpu-provisioning'] = () =>
      ++calls < 3
        ? { status: 503, body: {} }
        : {
            status: 200,
            body: {
              ...document('gpu-provisioning'),
              info: { title: 'v2', version: '2' },
            },
          };
    const outcome = await provider.refresh();
    expect(calls).toBe(3);
    expect(outcome.failed.map(f => f.pluginId)).toEqual([
      'gpu-metrics',
      'cost',
      'compliance',
    ]);
    expect(outcome.entities).toEqual([
      'gpu-provisioning-api',
      'gpu-metrics-api',
    ]);
    const definitions = applied!.map(e => parse(e.spec!.definition as string));
    expect(definitions.map(d => d.info.title)).toEqual(['v2', 'gpu-metrics']);
  });
});

describe('readSuiteApisConfig', () => {
  const read = (aiPlatformApis?: object) =>
    readSuiteApisConfig(
      new ConfigReader(
        aiPlatformApis ? { catalog: { providers: { aiPlatformApis } } } : {},
      ),
    );

  it('is off without config, so no API gets an owner nobody chose', () => {
    expect(read()).toBeUndefined();
  });

  it('defaults to the suite plugins, production and every 10 minutes', () => {
    expect(read({ owner: 'platform' })).toEqual({
      owner: 'platform',
      plugins: [
        'gpu-provisioning',
        'gpu-metrics',
        'cost',
        'compliance',
        'approvals',
      ],
      lifecycle: 'production',
      system: undefined,
      schedule: { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
    });
  });

  it.each([
    [
      {},
      /Missing required config value at 'catalog.providers.aiPlatformApis.owner'/,
    ],
    [
      { owner: 'group:default/' },
      /catalog.providers.aiPlatformApis.owner must be an entity ref, got group:default\/: /,
    ],
    [
      { owner: 'platform', plugins: ['cost', 'cost'] },
      /catalog.providers.aiPlatformApis.plugins\[1\] must be a unique plugin id, got cost/,
    ],
    [
      { owner: 'platform', plugins: ['../catalog'] },
      /plugins\[0\] must be a unique plugin id, got \.\.\/catalog/,
    ],
  ])('refuses %j naming the setting', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });
});
