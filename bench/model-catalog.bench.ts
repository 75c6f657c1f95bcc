/* eslint-disable no-console */
// The model catalog at scale: 10,000 models from one MLflow-compatible
// registry (a local server answering MLflow's REST API 2.0, paginated) until
// all of them are visible in a real catalog backend (the catalog plugin and
// the model catalog module in-process, in-memory SQLite), against the same
// entities from a static file location as the reference. Prints one JSON line:
// seconds for each and their ratio.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { stringify } from 'yaml';
import { catalogModuleModelCatalog } from '../plugins/catalog-backend-module-model-catalog/src/module';
import { MlflowModelSource } from '../plugins/catalog-backend-module-model-catalog/src/providers/MlflowModelSource';
import {
  mlflowPage,
  startRegistryServer,
} from '../plugins/catalog-backend-module-model-catalog/src/providers/__testUtils__/startRegistryServer';

const MODELS = Number(process.env.MODEL_CATALOG_BENCH_MODELS ?? 10_000);
const TASKS = ['text-generation', 'feature-extraction', 'text-classification'];
const OWNERS = ['ml-platform', 'search-relevance', 'conversational-ai'];

const silentLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => silentLogger,
};

function registeredModels() {
  return Array.from({ length: MODELS }, (_, i) => ({
    name: `bench-model-${String(i).padStart(5, '0')}`,
    creation_timestamp: 1_700_000_000_000 + i,
    description: `Benchmark model ${i}`,
    tags: [
      { key: 'owner', value: `group:default/${OWNERS[i % OWNERS.length]}` },
      { key: 'task', value: TASKS[i % TASKS.length] },
      { key: 'parameters', value: String(1_000_000 * (i + 1)) },
      { key: 'license', value: 'apache-2.0' },
      ...(i > 0 && i % 10 === 0
        ? [
            {
              key: 'base_model',
              value: `bench-model-${String(i - 1).padStart(5, '0')}`,
            },
          ]
        : []),
    ],
    aliases: [{ alias: 'champion', version: '1' }],
  }));
}

function modelVersions() {
  return Array.from({ length: MODELS }, (_, i) => ({
    name: `bench-model-${String(i).padStart(5, '0')}`,
    version: '1',
    creation_timestamp: 1_700_000_000_000 + i,
    current_stage: 'Production',
    source: `s3://bench/${i}/1`,
    status: 'READY',
  }));
}

async function timeUntilVisible(config: object): Promise<number> {
  const started = Date.now();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleModelCatalog,
      mockServices.rootConfig.factory({ data: config }),
      mockServices.rootLogger.factory({ level: 'error' }),
    ],
  });
  try {
    for (;;) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query')
        .query({ filter: 'kind=resource,spec.type=ai-model', limit: 1 })
        .set('authorization', mockCredentials.user.header());
      const total = res.status === 200 ? Number(res.body.totalItems) : 0;
      process.stderr.write(`\r${total} / ${MODELS} visible   `);
      if (total >= MODELS) break;
      await new Promise(r => setTimeout(r, 1000));
    }
    process.stderr.write('\n');
    return (Date.now() - started) / 1000;
  } finally {
    await backend.stop();
  }
}

async function main() {
  const models = registeredModels();
  const versions = modelVersions();
  const registry = await startRegistryServer(url => {
    if (url.pathname.endsWith('registered-models/search')) {
      return mlflowPage(url, 'registered_models', models);
    }
    if (url.pathname.endsWith('model-versions/search')) {
      return mlflowPage(url, 'model_versions', versions);
    }
    return undefined;
  });
  const common = {
    catalog: {
      rules: [{ allow: ['Resource', 'Location'] }],
      processingInterval: { minutes: 30 },
    },
    modelCatalog: {
      gpuClasses: [
        { id: 'h100', memoryMiB: 81559 },
        { id: 'l40s', memoryMiB: 46068 },
      ],
    },
  };
  try {
    // The same entities the provider produces, as a catalog file.
    const { entities } = await MlflowModelSource.create({
      id: 'bench',
      baseUrl: registry.baseUrl,
      namespace: 'default',
      defaultOwner: 'group:default/ml-platform',
      registryTitle: 'MLflow bench',
      logger: silentLogger,
    }).read();
    const file = join(
      mkdtempSync(join(tmpdir(), 'model-bench-')),
      'models.yaml',
    );
    writeFileSync(file, entities.map(e => stringify(e)).join('---\n'));
    process.stderr.write(`static file location (${entities.length} models)\n`);
    const fileSeconds = await timeUntilVisible({
      ...common,
      catalog: {
        ...common.catalog,
        locations: [{ type: 'file', target: file }],
      },
    });
    registry.requests.length = 0;
    process.stderr.write('MLflow entity provider\n');
    const providerSeconds = await timeUntilVisible({
      ...common,
      modelCatalog: {
        ...common.modelCatalog,
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
        registries: [
          { type: 'mlflow', id: 'bench', baseUrl: registry.baseUrl },
        ],
      },
    });
    console.log(
      JSON.stringify({
        models: MODELS,
        providerSeconds: Math.round(providerSeconds * 10) / 10,
        staticFileSeconds: Math.round(fileSeconds * 10) / 10,
        ratio: Math.round((providerSeconds / fileSeconds) * 100) / 100,
        registryRequests: registry.requests.length,
        database: 'sqlite (in-memory)',
      }),
    );
  } finally {
    await registry.close();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
