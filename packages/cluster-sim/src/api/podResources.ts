/**
 * What a pod asks for, computed as the scheduler and the quota admission do:
 * the sum over containers, or the largest init container if that is larger.
 */
import { parseQuantity } from './quantity';
import { KubeObject } from './types';

type Resources = Record<string, number>;
type Container = {
  resources?: {
    requests?: Record<string, string | number>;
    limits?: Record<string, string | number>;
  };
};

function add(into: Resources, from: Record<string, string | number> = {}) {
  for (const [name, value] of Object.entries(from)) {
    into[name] = (into[name] ?? 0) + parseQuantity(value);
  }
}

function effective(pod: KubeObject, field: 'requests' | 'limits'): Resources {
  const spec = (pod.spec ?? {}) as {
    containers?: Container[];
    initContainers?: Container[];
  };
  const total: Resources = {};
  for (const c of spec.containers ?? []) add(total, c.resources?.[field]);
  for (const c of spec.initContainers ?? []) {
    const single: Resources = {};
    add(single, c.resources?.[field]);
    for (const [name, value] of Object.entries(single)) {
      total[name] = Math.max(total[name] ?? 0, value);
    }
  }
  return total;
}

/** Resource requests of a pod, by resource name (`cpu`, `nvidia.com/gpu`, ...). */
export function podRequests(pod: KubeObject): Resources {
  return effective(pod, 'requests');
}

/** Resource limits of a pod. */
export function podLimits(pod: KubeObject): Resources {
  return effective(pod, 'limits');
}

/** Whether a resource name is an NVIDIA GPU or MIG device. */
export function isGpuResource(name: string): boolean {
  return name === 'nvidia.com/gpu' || name.startsWith('nvidia.com/mig-');
}

/** Whether a pod has finished, so it no longer holds resources or counts to quota. */
export function isTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
