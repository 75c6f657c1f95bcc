import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The suite's backends that serve an OpenAPI document, by plugin id. @public */
export const SUITE_API_PLUGINS = [
  'gpu-provisioning',
  'gpu-metrics',
  'cost',
  'compliance',
  'approvals',
];

/** `catalog.providers.aiPlatformApis`, with defaults applied. */
export interface SuiteApisConfig {
  plugins: string[];
  owner: string;
  system?: string;
  lifecycle: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const PLUGIN_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Reads `catalog.providers.aiPlatformApis`; undefined when it is absent, so
 * no API entity appears without an owner someone chose.
 */
export function readSuiteApisConfig(root: Config): SuiteApisConfig | undefined {
  const key = 'catalog.providers.aiPlatformApis';
  const config = root.getOptionalConfig(key);
  if (!config) return undefined;
  const owner = config.getString('owner');
  try {
    parseEntityRef(owner, { defaultKind: 'group' });
  } catch (error) {
    throw new InputError(
      `${key}.owner must be an entity ref, got ${owner}: ${
        (error as Error).message
      }`,
    );
  }
  const plugins = config.getOptionalStringArray('plugins') ?? SUITE_API_PLUGINS;
  plugins.forEach((id, index) => {
    if (!PLUGIN_ID.test(id) || plugins.indexOf(id) !== index) {
      throw new InputError(
        `${key}.plugins[${index}] must be a unique plugin id, got ${id}`,
      );
    }
  });
  return {
    plugins,
    owner,
    system: config.getOptionalString('system'),
    lifecycle: config.getOptionalString('lifecycle') ?? 'production',
    schedule: config.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
  };
}
