import { KubernetesApi } from '../KubernetesApi';
import { formatUsage, namespaceUsage } from '../quotaUsage';
import { findResourceByKind, RESOURCE_TYPES } from '../resources';
import { Reconciler } from './Reconciler';

/**
 * Keeps every ResourceQuota's `status.hard` and `status.used` current, like
 * kube-controller-manager's resource quota controller.
 */
export function startQuotaController(api: KubernetesApi): () => void {
  const quotas = findResourceByKind('v1', 'ResourceQuota')!;
  const reconciler = new Reconciler('resourcequota', namespace => {
    for (const quota of api.store.list(quotas, namespace)) {
      const hard =
        (quota.spec as { hard?: Record<string, string> })?.hard ?? {};
      const used = namespaceUsage(api.store, namespace, Object.keys(hard));
      quota.status = {
        hard,
        used: Object.fromEntries(
          Object.entries(used).map(([key, value]) => [
            key,
            formatUsage(key, value),
          ]),
        ),
      };
      api.controllerUpdateStatus(quotas, quota);
    }
  });
  const stops = RESOURCE_TYPES.filter(
    t => t.namespaced && t.kind !== 'Event',
  ).map(type =>
    api.store.watch(type, undefined, event => {
      if (event.object.metadata.namespace)
        reconciler.enqueue(event.object.metadata.namespace);
    }),
  );
  for (const quota of api.store.list(quotas))
    reconciler.enqueue(quota.metadata.namespace!);
  return () => {
    reconciler.stop();
    stops.forEach(stop => stop());
  };
}
