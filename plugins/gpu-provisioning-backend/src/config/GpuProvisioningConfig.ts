import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { HumanDuration } from '@backstage/types';
import {
  entityRefKey,
  GpuClassCatalog,
} from '@ai-platform/plugin-ai-platform-node';
import {
  DataClassification,
  GpuClassInfo,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { readSchedulerConfig, SchedulerConfig } from './schedulerConfig';
import { readIdlePolicyConfig } from './idlePolicyConfig';
import { KueueCohortConfig, readSharingDepartments } from './kueueCohortConfig';
import { IdlePolicyConfig } from '../idle/types';

/** A configured GPU class with its MIG profiles. */
export interface GpuClassConfig extends Omit<GpuClassInfo, 'clusters'> {
  /** `nvidia.com/gpu.product` of its nodes. */
  productLabel: string;
}

/** The gpuProvisioning config, read and defaulted. */
export interface GpuProvisioningConfig extends SchedulerConfig {
  gpuClasses: GpuClassConfig[];
  maxDurationHours: number;
  approvalThresholdGpuHours: number;
  defaultQuota: Record<string, number>;
  /** Quotas by team, keyed by `entityRefKey` of the team. */
  teamQuotas: Record<string, Record<string, number>>;
  clusterDataClassifications: Record<string, DataClassification[]>;
  approvers: string[];
  groupNameTemplate: string;
  clusterRole: string;
  podSecurity: 'privileged' | 'baseline' | 'restricted';
  clusterQueueTemplate: string;
  kueueFlavors: Record<string, string>;
  /**
   * Departments whose teams share GPUs (`sharing.departments`, or
   * `kueue.cohorts`): the portal applies their team queues, ClusterQueues in
   * a cohort on Kueue clusters and parent Queues on KAI and Volcano ones.
   */
  kueueCohorts: KueueCohortConfig[];
  lifecycleFrequency: HumanDuration;
  warnBefore: HumanDuration;
  /** How long before a reserved window starts its owners are told. */
  startWarnBefore: HumanDuration;
  maxAttempts: number;
  /** The idle-grant policy; off by default, a dry run once on. */
  idlePolicy: IdlePolicyConfig;
}

function duration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config?.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

function numberMap(config: Config | undefined): Record<string, number> {
  if (!config) return {};
  // Quota keys such as `h100/1g.10gb` are not valid config paths for
  // `getNumber`, so the map is read whole and checked here.
  const map = config.get<Record<string, unknown>>();
  return Object.fromEntries(
    Object.entries(map).map(([k, v]) => {
      if (typeof v !== 'number') {
        throw new Error(
          `gpuProvisioning quota '${k}' must be a number, not ${JSON.stringify(
            v,
          )}`,
        );
      }
      return [k, v];
    }),
  );
}

/**
 * `policy.teamQuotas`, keyed by the team's comparison key (`entityRefKey`:
 * `Group:Default/Vision` and `vision` are both `group:default/vision`), so a
 * quota applies however the config or the request spells the team.
 */
function readTeamQuotas(
  policy: Config | undefined,
): Record<string, Record<string, number>> {
  const quotas: Record<string, Record<string, number>> = {};
  for (const [index, entry] of (
    policy?.getOptionalConfigArray('teamQuotas') ?? []
  ).entries()) {
    const team = entry.getString('team');
    const key = `gpuProvisioning.policy.teamQuotas[${index}].team`;
    let teamKey: string;
    try {
      teamKey = entityRefKey(team, { defaultKind: 'group' });
    } catch {
      throw new Error(`${key} must be a group entity ref, not '${team}'`);
    }
    if (!teamKey.startsWith('group:')) {
      throw new Error(`${key} must be a group entity ref, not '${team}'`);
    }
    if (quotas[teamKey]) {
      throw new Error(
        `${key}: ${teamKey} has a quota already (team refs are compared case-insensitively)`,
      );
    }
    quotas[teamKey] = numberMap(entry.getConfig('quota'));
  }
  return quotas;
}

/**
 * Reads `gpuProvisioning` with its defaults, its GPU classes through the
 * suite's `GpuClassCatalog`; a malformed value fails start-up with a message
 * naming the key.
 */
export function readGpuProvisioningConfig(
  root: Config,
  options: {
    /** The injected `aiPlatformGpuClassesServiceRef`; read from `root` when absent. */
    gpuClasses?: GpuClassCatalog;
  } = {},
): GpuProvisioningConfig {
  const config = root.getConfig('gpuProvisioning');
  const policy = config.getOptionalConfig('policy');
  const catalog = options.gpuClasses ?? GpuClassCatalog.fromConfig(root);
  if (!catalog.isConfigured()) {
    throw new InputError(
      'gpuProvisioning.gpuClasses is required: GPU provisioning grants GPUs of these classes',
    );
  }
  const classes = catalog.require(
    ['displayName', 'productLabel', 'hourlyRate'],
    {
      by: 'GPU provisioning',
    },
  );
  const classifications = policy?.getOptionalConfig(
    'clusterDataClassifications',
  );
  const lifecycle = config.getOptionalConfig('lifecycle');
  const namespaces = config.getOptionalConfig('namespaces');
  const kueue = config.getOptionalConfig('kueue');
  return {
    ...readSchedulerConfig(config),
    gpuClasses: classes,
    maxDurationHours: policy?.getOptionalNumber('maxDurationHours') ?? 720,
    approvalThresholdGpuHours:
      policy?.getOptionalNumber('approvalThresholdGpuHours') ?? 200,
    defaultQuota: numberMap(policy?.getOptionalConfig('defaultQuota')),
    teamQuotas: readTeamQuotas(policy),
    clusterDataClassifications: Object.fromEntries(
      (classifications?.keys() ?? []).map(cluster => [
        cluster,
        classifications!.getStringArray(cluster) as DataClassification[],
      ]),
    ),
    approvers: config.getOptionalStringArray('approvers') ?? [],
    groupNameTemplate:
      namespaces?.getOptionalString('groupNameTemplate') ?? '{team}',
    clusterRole: namespaces?.getOptionalString('clusterRole') ?? 'edit',
    podSecurity:
      (namespaces?.getOptionalString(
        'podSecurity',
      ) as GpuProvisioningConfig['podSecurity']) ?? 'restricted',
    clusterQueueTemplate:
      kueue?.getOptionalString('clusterQueueTemplate') ?? '{team}',
    kueueFlavors: Object.fromEntries(
      (kueue?.getOptionalConfig('flavors')?.keys() ?? []).map(k => [
        k,
        kueue!.getString(`flavors.${k}`),
      ]),
    ),
    kueueCohorts: readSharingDepartments(config, configuredQuotaKeys(classes)),
    lifecycleFrequency: duration(lifecycle, 'frequency', { minutes: 1 }),
    warnBefore: duration(lifecycle, 'warnBefore', { hours: 24 }),
    startWarnBefore: duration(lifecycle, 'startWarnBefore', { hours: 1 }),
    maxAttempts: lifecycle?.getOptionalNumber('maxAttempts') ?? 5,
    idlePolicy: readIdlePolicyConfig(config),
  };
}

/** The quota key of a request: the class, or the class and MIG profile. */
export function quotaKeyOf(request: {
  gpuClass: string;
  migProfile?: string;
}): string {
  return request.migProfile
    ? `${request.gpuClass}/${request.migProfile}`
    : request.gpuClass;
}

const MIG_RESOURCE_PREFIX = 'nvidia.com/mig-';

/** The Kubernetes resource a request is counted in. */
export function gpuResourceOf(request: { migProfile?: string }): string {
  return request.migProfile
    ? `${MIG_RESOURCE_PREFIX}${request.migProfile}`
    : 'nvidia.com/gpu';
}

/**
 * What a GPU resource counts: whole GPUs (`{}`), or instances of a MIG
 * profile (`nvidia.com/mig-1g.10gb` is `{ migProfile: '1g.10gb' }`);
 * undefined for any other resource. The inverse of {@link gpuResourceOf}.
 */
export function gpuKindOfResource(
  resource: string,
): { migProfile?: string } | undefined {
  if (resource === 'nvidia.com/gpu') return {};
  if (
    resource.startsWith(MIG_RESOURCE_PREFIX) &&
    resource.length > MIG_RESOURCE_PREFIX.length
  ) {
    return { migProfile: resource.slice(MIG_RESOURCE_PREFIX.length) };
  }
  return undefined;
}

type ClassProfiles = Pick<GpuClassConfig, 'id' | 'migProfiles'>;

/** Every quota key the classes offer: each class id and each class/MIG profile. */
export function configuredQuotaKeys(gpuClasses: ClassProfiles[]): string[] {
  return gpuClasses.flatMap(c => [
    c.id,
    ...c.migProfiles.map(m =>
      quotaKeyOf({ gpuClass: c.id, migProfile: m.name }),
    ),
  ]);
}

/** The MIG resources of the classes' profiles, once each, sorted. */
export function migResourcesOf(gpuClasses: ClassProfiles[]): string[] {
  return [
    ...new Set(
      gpuClasses.flatMap(c =>
        c.migProfiles.map(m => gpuResourceOf({ migProfile: m.name })),
      ),
    ),
  ].sort();
}
