import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { GpuClassCatalog } from '@ai-platform/plugin-ai-platform-node';
import type { GpuClassMemory } from '@ai-platform/plugin-model-catalog-common';

/** One model registry of `modelCatalog.registries`. */
export interface RegistryConfig {
  type: 'mlflow' | 'kubeflow';
  id: string;
  baseUrl: string;
  token?: string;
  title: string;
  owner: string;
  namespace: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/** The `modelCatalog` config, with defaults applied. */
export interface ModelCatalogConfig {
  registries: RegistryConfig[];
  kserve: {
    enabled: boolean;
    clusters?: string[];
    owner: string;
    namespace: string;
    schedule: SchedulerServiceTaskScheduleDefinition;
  };
  modelCards: { localDirectories: string[] };
  gpuClasses: GpuClassMemory[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
};

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Reads `modelCatalog`, and the GPU classes of `modelCatalog.gpuClasses` or,
 * when that is absent, the suite's `GpuClassCatalog`
 * (`gpuProvisioning.gpuClasses`).
 */
export function readModelCatalogConfig(
  root: Config,
  options: {
    /** The injected `aiPlatformGpuClassesServiceRef`; read from `root` when absent. */
    gpuClasses?: GpuClassCatalog;
  } = {},
): ModelCatalogConfig {
  const config = root.getOptionalConfig('modelCatalog');
  const schedule = config?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;
  const defaultOwner =
    config?.getOptionalString('defaultOwner') ?? 'group:default/ml-platform';
  const namespace = config?.getOptionalString('namespace') ?? 'default';

  const seen = new Set<string>();
  const registries = (config?.getOptionalConfigArray('registries') ?? []).map(
    (r, index) => {
      const type = r.getString('type');
      if (type !== 'mlflow' && type !== 'kubeflow') {
        throw new InputError(
          `modelCatalog.registries[${index}].type must be mlflow or kubeflow, got ${type}`,
        );
      }
      const id = r.getString('id');
      if (!ID.test(id) || seen.has(`${type}:${id}`)) {
        throw new InputError(
          `modelCatalog.registries[${index}].id must be a unique lower-case name, got ${id}`,
        );
      }
      seen.add(`${type}:${id}`);
      const baseUrl = r.getString('baseUrl');
      try {
        // eslint-disable-next-line no-new
        new URL(baseUrl);
      } catch {
        throw new InputError(
          `modelCatalog.registries[${index}].baseUrl is not a URL: ${baseUrl}`,
        );
      }
      return {
        type,
        id,
        baseUrl,
        token: r.getOptionalString('token'),
        title:
          r.getOptionalString('title') ??
          (type === 'mlflow'
            ? `MLflow ${id}`
            : `Kubeflow Model Registry ${id}`),
        owner: r.getOptionalString('owner') ?? defaultOwner,
        namespace: r.getOptionalString('namespace') ?? namespace,
        schedule: r.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              r.getConfig('schedule'),
            )
          : schedule,
      } satisfies RegistryConfig;
    },
  );

  const kserve = config?.getOptionalConfig('kserve');
  // The module's own list, in the same shape, wins over the suite's.
  const classes = config?.has('gpuClasses')
    ? GpuClassCatalog.fromConfig(root, { key: 'modelCatalog.gpuClasses' })
    : options.gpuClasses ?? GpuClassCatalog.fromConfig(root);
  return {
    registries,
    kserve: {
      enabled: kserve?.getOptionalBoolean('enabled') ?? false,
      clusters: kserve?.getOptionalStringArray('clusters'),
      owner: kserve?.getOptionalString('owner') ?? defaultOwner,
      namespace: kserve?.getOptionalString('namespace') ?? namespace,
      schedule: kserve?.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            kserve.getConfig('schedule'),
          )
        : schedule,
    },
    modelCards: {
      localDirectories:
        config?.getOptionalStringArray('modelCards.localDirectories') ?? [],
    },
    gpuClasses: classes.list().map(c => ({
      id: c.id,
      displayName: c.displayName,
      memoryMiB: c.memoryMiB,
    })),
  };
}
