import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { GPU_USAGE_RESOURCE_TYPE } from '@ai-platform/plugin-gpu-metrics-common';

/**
 * A GPU usage subject as the permission rules see it: the entity or group
 * (ref in lower case), its team (the group itself, or the entity's owner) and
 * that team's ancestors, nearest first.
 */
export interface GpuUsageSubject {
  ref: string;
  team: string | null;
  ancestors: string[];
}

/** Query form of the rules (no database filter uses it). */
export interface GpuUsageSubjectQuery {
  rule: string;
  groupRefs: string[];
}

/** GPU usage subjects as a resource of the permission framework. */
export const gpuUsageSubjectResourceRef = createPermissionResourceRef<
  GpuUsageSubject,
  GpuUsageSubjectQuery
>().with({
  pluginId: 'gpu-metrics',
  resourceType: GPU_USAGE_RESOURCE_TYPE,
});
