/**
 * How GPU grants land on a cluster (`gpuProvisioning.clusters.<name>.scheduler`
 * or `mode`): a ResourceQuota, a Kueue LocalQueue, or a KAI Scheduler or
 * Volcano Queue beside the ResourceQuota.
 */
export type GrantMode = 'resourcequota' | 'kueue' | 'kai' | 'volcano';

/** What the GPU provisioner does with one kind through `KubernetesObjectApi`. */
export interface ObjectApiUse {
  kind: string;
  /** The API group, for a kind several groups serve (`Queue`). */
  group?: string;
  verbs: string[];
  /** Only in these grant modes; every mode when absent. */
  modes?: GrantMode[];
  why: string;
}

/**
 * The generic object client takes any object, so which verbs reach which
 * kind follows from how `KubernetesProvisioner` passes `grantObjects`' parts
 * around, which a text scan cannot follow. It is stated here instead, and
 * the RBAC test holds it to the code: these kinds must be exactly the kinds
 * the provisioner builds, these verbs exactly the verbs its client calls
 * need.
 */
export const OBJECT_API_USE: ObjectApiUse[] = [
  {
    kind: 'Namespace',
    verbs: ['get', 'patch', 'create', 'delete'],
    why: 'created for a new grant (read and server-side applied when it exists), read in inspect, deleted on removal and roll-back',
  },
  {
    kind: 'ResourceQuota',
    verbs: ['get', 'patch', 'create'],
    modes: ['resourcequota', 'kai', 'volcano'],
    why: 'server-side applied, read in inspect (the hard guard beside a KAI or Volcano queue)',
  },
  {
    kind: 'NetworkPolicy',
    verbs: ['get', 'patch', 'create'],
    why: 'server-side applied for confidential and restricted data, read in inspect',
  },
  {
    kind: 'RoleBinding',
    verbs: ['get', 'patch', 'create', 'delete'],
    why: 'server-side applied, read in inspect and before a changed roleRef is replaced (deleted)',
  },
  {
    kind: 'LocalQueue',
    verbs: ['get', 'list', 'patch', 'create'],
    modes: ['kueue'],
    why: "server-side applied, read in inspect; all listed to find a queue position's ClusterQueue and whether a stale team queue is still used",
  },
  {
    kind: 'Workload',
    verbs: ['list'],
    modes: ['kueue'],
    why: "listed to place a grant's pending Workloads in their ClusterQueue (queue position)",
  },
  {
    kind: 'ResourceFlavor',
    verbs: ['get', 'create'],
    modes: ['kueue'],
    why: 'created when missing, never changed',
  },
  {
    kind: 'ClusterQueue',
    verbs: ['get', 'list', 'patch', 'create', 'delete'],
    modes: ['kueue'],
    why: "read to warn when a grant's team queue is missing; the cohorts' team queues listed (quota sharing), server-side applied by the cohort sync, and deleted once the config no longer has them",
  },
  {
    kind: 'Queue',
    group: 'scheduling.run.ai',
    verbs: ['get', 'list', 'patch', 'create', 'delete'],
    modes: ['kai'],
    why: "the grant's KAI Scheduler queue: server-side applied, read in inspect, deleted on removal and roll-back; all listed to find a queue position's parent queue, its other grant queues and their limits",
  },
  {
    kind: 'PodGroup',
    group: 'scheduling.run.ai',
    verbs: ['list'],
    modes: ['kai'],
    why: "listed to place a grant's waiting pods by their PodGroup's queue and age (queue position)",
  },
  {
    kind: 'Queue',
    group: 'scheduling.volcano.sh',
    verbs: ['get', 'list', 'patch', 'create', 'delete'],
    modes: ['volcano'],
    why: "the grant's Volcano queue: server-side applied, read in inspect, deleted on removal and roll-back; all listed to find a queue position's parent queue, its other grant queues and their capability",
  },
  {
    kind: 'PodGroup',
    group: 'scheduling.volcano.sh',
    verbs: ['list'],
    modes: ['volcano'],
    why: "listed to place a grant's waiting pods by their PodGroup's queue, phase (Inqueue before Pending) and age (queue position)",
  },
];
