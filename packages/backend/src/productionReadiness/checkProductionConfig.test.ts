import { ConfigReader } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { checkProductionConfig } from './checkProductionConfig';

const repoRoot = resolve(__dirname, '../../../..');

/** What an operator exports before starting production (README). */
const productionEnv: Record<string, string> = {
  PORTAL_BASE_URL: 'https://portal.example.com',
  BACKEND_SECRET: 'a-long-random-secret',
  POSTGRES_HOST: 'db.example.com',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  POSTGRES_PASSWORD: 'secret',
  K8S_CLUSTER_NAME: 'gpu-prod',
  K8S_CLUSTER_URL: 'https://k8s.example.com',
  K8S_CLUSTER_TOKEN: 'token',
  K8S_CLUSTER_CA_DATA: 'Y2E=',
  PROMETHEUS_URL: 'https://prometheus.example.com',
  TECHDOCS_BUCKET: 'techdocs',
  MODEL_CATALOG_DEFAULT_OWNER: 'group:default/model-owners',
  GITHUB_TOKEN: 'ghp_example',
};

/** Loads config files the way the backend does, with the real config loader. */
async function load(files: string[], env: Record<string, string>) {
  const source = ConfigSources.default({
    rootDir: repoRoot,
    argv: files.flatMap(f => ['--config', join(repoRoot, f)]),
    substitutionFunc: async name => env[name],
  });
  const config = await ConfigSources.toConfig(source);
  config.close();
  return config;
}

/** Every string anywhere in the config. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  }
  return [];
}

/** The refs of the demo organisation's groups and users. */
function demoRefs(): string[] {
  return ['org.yaml', 'users.yaml'].flatMap(file =>
    parseAllDocuments(
      readFileSync(join(repoRoot, 'demo/catalog', file), 'utf8'),
    ).map(doc => {
      const entity = doc.toJS() as { kind: string; metadata: { name: string } };
      return `${entity.kind}:default/${entity.metadata.name}`.toLowerCase();
    }),
  );
}

describe('app-config.yaml + app-config.production.yaml', () => {
  it('describes a portal with no demo setting in it', async () => {
    const config = await load(
      ['app-config.yaml', 'app-config.production.yaml'],
      productionEnv,
    );
    const all = strings(config.get()).map(s => s.toLowerCase());

    expect(config.getOptionalConfig('auth.providers')?.keys()).not.toContain(
      'guest',
    );
    expect(config.getString('auth.environment')).toBe('production');
    expect(config.getString('backend.database.client')).toBe('pg');
    expect(config.has('aiPlatform.scaffolder.localGitRoot')).toBe(false);
    expect(config.getOptionalString('techdocs.builder')).toBe('external');
    expect(config.getOptionalString('techdocs.publisher.type')).not.toBe(
      'local',
    );
    expect(config.getOptionalString('backend.cors.origin')).toBe(
      'https://portal.example.com',
    );
    expect(config.has('backend.csp')).toBe(false);

    const demo = demoRefs();
    expect(demo.length).toBeGreaterThan(10);
    expect(all.filter(s => demo.includes(s))).toEqual([]);
    expect(all.filter(s => /127\.0\.0\.1|localhost|\[::1\]/.test(s))).toEqual(
      [],
    );
    expect(all.filter(s => s.includes('demo/') || s.includes('.data'))).toEqual(
      [],
    );
  });

  it('needs only a sign-in provider to be production-ready', async () => {
    const config = await load(
      ['app-config.yaml', 'app-config.production.yaml'],
      productionEnv,
    );
    expect(checkProductionConfig(config)).toEqual([
      expect.objectContaining({ key: 'auth.providers' }),
    ]);

    const withProvider = ConfigReader.fromConfigs([
      { context: 'production', data: config.get() },
      {
        context: 'provider',
        data: { auth: { providers: { github: { production: {} } } } },
      },
    ]);
    expect(checkProductionConfig(withProvider)).toEqual([]);
  });
});

describe('app-config.demo.yaml', () => {
  it('is the embedded default production refuses', async () => {
    const config = await load(['app-config.yaml', 'app-config.demo.yaml'], {
      GITHUB_TOKEN: '',
    });
    expect(config.getString('backend.listen.host')).toBe('127.0.0.1');
    expect(config.getString('app.listen.host')).toBe('127.0.0.1');
    expect(checkProductionConfig(config).map(p => p.key)).toEqual([
      'auth.providers.guest',
      'auth.providers',
      'backend.database.client',
      'kubernetes.clusterLocatorMethods',
      'aiPlatform.scaffolder.localGitRoot',
      'app.baseUrl',
      'backend.baseUrl',
      'gpuMetrics.prometheus[0].url',
    ]);
  });
});

describe('checkProductionConfig', () => {
  it('names a missing database and missing clusters', () => {
    const problems = checkProductionConfig(
      new ConfigReader({
        auth: { providers: { oidc: { production: {} } } },
        kubernetes: {
          clusterLocatorMethods: [{ type: 'config', clusters: [] }],
        },
      }),
    );
    expect(problems.map(p => p.key)).toEqual([
      'backend.database.client',
      'kubernetes.clusterLocatorMethods',
    ]);
  });

  it('counts clusters found at run time by other locators', () => {
    const problems = checkProductionConfig(
      new ConfigReader({
        auth: { providers: { oidc: {} } },
        backend: { database: { client: 'pg' } },
        kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
      }),
    );
    expect(problems).toEqual([]);
  });
});
