import { KubernetesObjectApi, V1Pod } from '@kubernetes/client-node';
import { podRequest } from '../kubernetes/podRequest';
import { QueuedWork, timeOf } from './queuePosition';

/** The pods of a cluster that wait for GPUs of one class. */
export interface PodWaitQueue {
  /** Unscheduled pods asking for the class's GPUs, any namespace. */
  waiting: QueuedWork[];
  /** The grant's pods holding GPUs (bound to a node). */
  started: number;
}

const PRODUCT_LABEL = 'nvidia.com/gpu.product';

/**
 * Reads, with one pod list, the pods of a ResourceQuota cluster that wait
 * for GPUs of a class: not yet bound to a node and asking for the class's
 * resource. A pod is of the class when its namespace is a portal grant of
 * the class, or, outside grants, when its node selector does not name
 * another product (such a pod competes for every GPU node).
 */
export async function readPodWaitQueue(
  api: KubernetesObjectApi,
  options: {
    namespace: string;
    gpuResource: string;
    productLabel: string;
    /** The portal's grant namespaces on the cluster: whether each is of the class. */
    grantNamespaces: Map<string, boolean>;
  },
): Promise<PodWaitQueue> {
  const { namespace, gpuResource, productLabel, grantNamespaces } = options;
  const pods = await api.list<V1Pod>('v1', 'Pod');
  const waiting: QueuedWork[] = [];
  let started = 0;
  for (const pod of pods.items) {
    const ns = pod.metadata?.namespace ?? '';
    const gpus = podRequest(pod, gpuResource);
    if (gpus <= 0) continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    if (pod.spec?.nodeName) {
      if (ns === namespace) started++;
      continue;
    }
    if (pod.metadata?.deletionTimestamp) continue;
    const ofClass = grantNamespaces.has(ns)
      ? grantNamespaces.get(ns)
      : [undefined, productLabel].includes(
          pod.spec?.nodeSelector?.[PRODUCT_LABEL],
        );
    if (!ofClass) continue;
    const message = pod.status?.conditions?.find(
      c => c.type === 'PodScheduled' && c.status === 'False',
    )?.message;
    waiting.push({
      kind: 'Pod',
      namespace: ns,
      name: pod.metadata?.name ?? '',
      gpus,
      priority: pod.spec?.priority ?? 0,
      createdAt: timeOf(pod.metadata?.creationTimestamp),
      ...(message ? { message } : {}),
    });
  }
  return { waiting, started };
}
