import { Config } from '@backstage/config';

/** One setting production needs that is missing or unsafe. */
export interface ConfigProblem {
  /** The config key, e.g. `auth.providers`. */
  key: string;
  /** What is wrong and what to do. */
  message: string;
}

const SQLITE_CLIENTS = new Set(['better-sqlite3', 'sqlite3']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether the backend runs in production, by config or by NODE_ENV. */
export function isProduction(config: Config): boolean {
  return (
    process.env.NODE_ENV === 'production' ||
    config.getOptionalString('auth.environment') === 'production'
  );
}

function isLoopbackUrl(value: string | undefined): boolean {
  if (!value) return false;
  try {
    return LOOPBACK_HOSTS.has(new URL(value).hostname);
  } catch {
    return false;
  }
}

function configuredClusterCount(config: Config): number {
  const methods = config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  );
  let count = 0;
  for (const method of methods ?? []) {
    if (method.getOptionalString('type') !== 'config') {
      // Catalog, GKE and other locators find their clusters at run time.
      count += 1;
      continue;
    }
    count += method.getOptionalConfigArray('clusters')?.length ?? 0;
  }
  return count;
}

/**
 * The settings a production portal needs, checked before any plugin starts:
 * a sign-in provider other than guest, PostgreSQL, at least one cluster, and
 * none of the embedded default's conveniences (guest sign-in, local git
 * publishing, loopback endpoints). Returns every problem found, so an
 * operator fixes them in one go.
 */
export function checkProductionConfig(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const providers = config.getOptionalConfig('auth.providers')?.keys() ?? [];
  if (providers.includes('guest')) {
    problems.push({
      key: 'auth.providers.guest',
      message:
        'guest sign-in lets anyone in as the demo user; remove it and configure your identity provider',
    });
  }
  if (providers.filter(p => p !== 'guest').length === 0) {
    problems.push({
      key: 'auth.providers',
      message:
        'no sign-in provider is configured; add your identity provider (https://backstage.io/docs/auth/)',
    });
  }

  const client = config.getOptionalString('backend.database.client');
  if (!client) {
    problems.push({
      key: 'backend.database.client',
      message: 'no database is configured; set client: pg and its connection',
    });
  } else if (SQLITE_CLIENTS.has(client)) {
    problems.push({
      key: 'backend.database.client',
      message: `${client} is the embedded default's database; use pg in production`,
    });
  }

  if (configuredClusterCount(config) === 0) {
    problems.push({
      key: 'kubernetes.clusterLocatorMethods',
      message:
        'no Kubernetes cluster is configured; GPU provisioning, usage, the model catalog and compliance need at least one',
    });
  }

  if (config.has('aiPlatform.scaffolder.localGitRoot')) {
    problems.push({
      key: 'aiPlatform.scaffolder.localGitRoot',
      message:
        'local git publishing is for the embedded default; publish templates to your SCM instead',
    });
  }

  for (const key of ['app.baseUrl', 'backend.baseUrl']) {
    if (isLoopbackUrl(config.getOptionalString(key))) {
      problems.push({
        key,
        message: 'points at this machine; set the portal address users open',
      });
    }
  }
  for (const [index, target] of (
    config.getOptionalConfigArray('gpuMetrics.prometheus') ?? []
  ).entries()) {
    if (isLoopbackUrl(target.getOptionalString('url'))) {
      problems.push({
        key: `gpuMetrics.prometheus[${index}].url`,
        message: 'points at this machine; set your Prometheus, Thanos or Mimir',
      });
    }
  }
  return problems;
}
