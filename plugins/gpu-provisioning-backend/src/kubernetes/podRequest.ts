import { V1Container, V1Pod } from '@kubernetes/client-node';
import { parseQuantity } from './parseQuantity';

function containerRequest(container: V1Container, resource: string): number {
  const resources = container.resources;
  // For extended resources requests default to limits (and must equal them).
  const quantity =
    resources?.requests?.[resource] ?? resources?.limits?.[resource];
  return parseQuantity(quantity) ?? 0;
}

/**
 * How much of a resource a pod holds, as the scheduler counts it: the sum of
 * its containers and sidecars (init containers with `restartPolicy: Always`),
 * or the largest ordinary init container plus the sidecars started before it,
 * whichever is more, plus the pod overhead. A container's limit stands in for
 * an absent request, as Kubernetes defaults extended resources.
 */
export function podRequest(pod: V1Pod, resource: string): number {
  const spec = pod.spec;
  if (!spec) return 0;
  let sidecars = 0;
  let initPeak = 0;
  for (const init of spec.initContainers ?? []) {
    const amount = containerRequest(init, resource);
    if (init.restartPolicy === 'Always') {
      sidecars += amount;
    } else {
      initPeak = Math.max(initPeak, sidecars + amount);
    }
  }
  const regular = spec.containers.reduce(
    (sum, c) => sum + containerRequest(c, resource),
    0,
  );
  const overhead = parseQuantity(spec.overhead?.[resource]) ?? 0;
  return Math.max(regular + sidecars, initPeak) + overhead;
}
