import {
  createPermission,
  PermissionCondition,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of GPU usage subjects in the permission framework. The
 * resource ref is a catalog entity ref: a Group, or an entity (component,
 * resource, system) whose GPU usage is asked for.
 *
 * @public
 */
export const GPU_USAGE_RESOURCE_TYPE = 'gpu-usage-subject';

/**
 * Reading the GPU usage of a group or an entity (namespaces, pods,
 * utilisation); conditional on being a member of the owning team or of one of
 * its ancestors, as with costs. Fleet viewers read every subject.
 *
 * @public
 */
export const gpuUsageReadPermission = createPermission({
  name: 'gpu-metrics.usage.read',
  attributes: { action: 'read' },
  resourceType: GPU_USAGE_RESOURCE_TYPE,
});

/**
 * Reading the whole fleet: the fleet summary, the heat map and idle GPUs
 * across every team. For the groups in `gpuMetrics.fleetViewers`.
 *
 * @public
 */
export const gpuFleetReadPermission = createPermission({
  name: 'gpu-metrics.fleet.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the GPU usage plugin family.
 *
 * @public
 */
export const gpuMetricsPermissions = [
  gpuUsageReadPermission,
  gpuFleetReadPermission,
];

/**
 * Names of the permission rules the gpu-metrics backend implements, so a
 * policy can build conditions without importing backend code.
 *
 * @public
 */
export const GPU_USAGE_RULES = {
  /** The subject's owning team, or one of its ancestors, is one of the given groups. */
  IS_TEAM_OR_ANCESTOR: 'IS_TEAM_OR_ANCESTOR',
} as const;

/** A condition on GPU usage subjects. @public */
export type GpuUsageCondition = PermissionCondition<
  typeof GPU_USAGE_RESOURCE_TYPE
>;

/** Condition builders for the GPU usage rules. @public */
export const gpuUsageConditions = {
  isTeamOrAncestor(params: { groupRefs: string[] }): GpuUsageCondition {
    return {
      resourceType: GPU_USAGE_RESOURCE_TYPE,
      rule: GPU_USAGE_RULES.IS_TEAM_OR_ANCESTOR,
      params,
    };
  },
};
