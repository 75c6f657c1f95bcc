import { createHash } from 'node:crypto';
import { podLimits, podRequests } from '../../podResources';
import { KubeObject } from '../../types';

type Obj = Record<string, any>;

/** The label that sends a Job to a LocalQueue. */
export const QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';

/**
 * The Workload Kueue's job integration creates for a Job: named
 * `job-<name>-<hash>`, owned by the Job, one pod set of `parallelism` pods.
 */
export function workloadOfJob(job: KubeObject): KubeObject {
  const spec = (job.spec ?? {}) as Obj;
  const hash = createHash('sha256')
    .update(job.metadata.uid ?? job.metadata.name)
    .digest('hex')
    .slice(0, 5);
  const prefix = `job-${job.metadata.name}`.slice(0, 63 - 6);
  return {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'Workload',
    metadata: {
      name: `${prefix}-${hash}`,
      namespace: job.metadata.namespace,
      labels: { 'kueue.x-k8s.io/job-uid': job.metadata.uid! },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: job.metadata.name,
          uid: job.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      queueName: job.metadata.labels?.[QUEUE_NAME_LABEL],
      priority: 0,
      active: true,
      podSets: [
        {
          name: 'main',
          count: spec.parallelism ?? 1,
          template: spec.template ?? {},
        },
      ],
    },
  };
}

/** What all the pods of a Workload ask for together, by resource. */
export function workloadRequests(workload: KubeObject): Record<string, number> {
  const total: Record<string, number> = {};
  for (const podSet of ((workload.spec as Obj)?.podSets ?? []) as Obj[]) {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podSet.name },
      spec: podSet.template?.spec ?? {},
    };
    // Requests default to limits, as the apiserver defaults a pod's.
    const perPod = { ...podLimits(pod), ...podRequests(pod) };
    for (const [resource, amount] of Object.entries(perPod))
      total[resource] = (total[resource] ?? 0) + amount * (podSet.count ?? 1);
  }
  return total;
}
