import { Config } from '@backstage/config';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';

/** What Kueue does with borrowed quota when its owner needs it back (`preemption.reclaimWithinCohort`). */
export type ReclaimPolicy = 'Never' | 'LowerPriority' | 'Any';

export const RECLAIM_POLICIES: readonly ReclaimPolicy[] = [
  'Never',
  'LowerPriority',
  'Any',
];

/** Borrowing and lending limits per GPU class id, in GPUs. */
export interface SharingLimits {
  /** GPUs a team may use above its nominal quota; absent: no limit. */
  borrowingLimit: Record<string, number>;
  /** GPUs of its nominal quota others may borrow; absent: all of it. */
  lendingLimit: Record<string, number>;
}

/**
 * One department's cohort: every team below the department (in the suite's
 * Group tree) gets a ClusterQueue in it on each Kueue cluster, its nominal
 * quota the team's quota per class.
 */
export interface KueueCohortConfig extends SharingLimits {
  /** The department's group ref, as a comparison key. */
  department: string;
  reclaimWithinCohort: ReclaimPolicy;
  /** Limits of single teams (keyed by `entityRefKey`), over the cohort's. */
  teams: Record<string, Partial<SharingLimits>>;
}

function limits(
  config: Config | undefined,
  key: string,
  path: string,
  quotaKeys: Set<string>,
): Record<string, number> {
  const section = config?.getOptionalConfig(key);
  if (!section) return {};
  // Quota keys such as `h100/1g.10gb` are not valid config paths for
  // `getNumber`, so the map is read whole and checked here.
  const map = section.get<Record<string, unknown>>();
  const result: Record<string, number> = {};
  for (const [quotaKey, value] of Object.entries(map)) {
    const where = `${path}.${key}.${quotaKey}`;
    if (!quotaKeys.has(quotaKey)) {
      throw new Error(
        `${where}: '${quotaKey}' is not a GPU class or class/MIG profile of gpuProvisioning.gpuClasses`,
      );
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new Error(
        `${where} must be a whole number of GPUs or MIG instances, 0 or more`,
      );
    }
    result[quotaKey] = value;
  }
  return result;
}

function refKey(value: string, where: string): string {
  let key: string;
  try {
    key = entityRefKey(value, { defaultKind: 'group' });
  } catch {
    key = '';
  }
  if (!key.startsWith('group:')) {
    throw new Error(
      `${where} must be a group entity ref, e.g. group:default/ai-division`,
    );
  }
  return key;
}

/**
 * Reads `gpuProvisioning.kueue.cohorts`; a malformed entry, an unknown class
 * or a department or team listed twice fails start-up naming the key.
 */
export function readKueueCohorts(
  kueue: Config | undefined,
  quotaKeys: string[],
): KueueCohortConfig[] {
  return readDepartments(
    kueue?.getOptionalConfigArray('cohorts') ?? [],
    'gpuProvisioning.kueue.cohorts',
    quotaKeys,
  );
}

/**
 * The departments whose teams share GPUs, whatever the scheduler:
 * `gpuProvisioning.sharing.departments`, or `gpuProvisioning.kueue.cohorts`
 * (read as the same thing; setting both fails start-up).
 */
export function readSharingDepartments(
  provisioning: Config,
  quotaKeys: string[],
): KueueCohortConfig[] {
  const neutral = provisioning.getOptionalConfigArray('sharing.departments');
  const kueue = provisioning.getOptionalConfig('kueue');
  if (neutral && kueue?.has('cohorts')) {
    throw new Error(
      'gpuProvisioning.sharing.departments and gpuProvisioning.kueue.cohorts are the same setting; keep one',
    );
  }
  return neutral
    ? readDepartments(neutral, 'gpuProvisioning.sharing.departments', quotaKeys)
    : readKueueCohorts(kueue, quotaKeys);
}

function readDepartments(
  entries: Config[],
  setting: string,
  quotaKeys: string[],
): KueueCohortConfig[] {
  const known = new Set(quotaKeys);
  const departments = new Set<string>();
  return entries.map((entry, i) => {
    const path = `${setting}[${i}]`;
    const department = refKey(
      entry.getString('department'),
      `${path}.department`,
    );
    if (departments.has(department)) {
      throw new Error(`${path}.department: ${department} is listed twice`);
    }
    departments.add(department);
    const reclaim = entry.getOptionalString('reclaimWithinCohort') ?? 'Any';
    if (!(RECLAIM_POLICIES as readonly string[]).includes(reclaim)) {
      throw new Error(
        `${path}.reclaimWithinCohort must be one of ${RECLAIM_POLICIES.join(
          ', ',
        )}, not '${reclaim}'`,
      );
    }
    const teams: KueueCohortConfig['teams'] = {};
    (entry.getOptionalConfigArray('teams') ?? []).forEach((team, j) => {
      const teamPath = `${path}.teams[${j}]`;
      const key = refKey(team.getString('team'), `${teamPath}.team`);
      if (teams[key]) {
        throw new Error(`${teamPath}.team: ${key} is listed twice`);
      }
      teams[key] = {
        borrowingLimit: limits(team, 'borrowingLimit', teamPath, known),
        lendingLimit: limits(team, 'lendingLimit', teamPath, known),
      };
    });
    return {
      department,
      reclaimWithinCohort: reclaim as ReclaimPolicy,
      borrowingLimit: limits(entry, 'borrowingLimit', path, known),
      lendingLimit: limits(entry, 'lendingLimit', path, known),
      teams,
    };
  });
}
