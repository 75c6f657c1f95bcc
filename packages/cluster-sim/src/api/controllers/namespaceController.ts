import { KubernetesApi } from '../KubernetesApi';
import { findResourceByKind, RESOURCE_TYPES } from '../resources';
import { Reconciler } from './Reconciler';

/**
 * Gives new namespaces their `default` ServiceAccount, and empties and removes
 * namespaces being deleted, like the namespace and service account controllers.
 */
export function startNamespaceController(api: KubernetesApi): () => void {
  const namespaces = findResourceByKind('v1', 'Namespace')!;
  const serviceAccounts = findResourceByKind('v1', 'ServiceAccount')!;
  const reconciler = new Reconciler('namespace', name => {
    const namespace = api.store.get(namespaces, undefined, name);
    if (!namespace) return;
    if (namespace.metadata.deletionTimestamp) {
      for (const type of RESOURCE_TYPES.filter(t => t.namespaced)) {
        for (const obj of api.store.list(type, name)) {
          api.controllerRemove(type, name, obj.metadata.name);
        }
      }
      api.controllerRemove(namespaces, undefined, name);
      return;
    }
    if (!api.store.get(serviceAccounts, name, 'default')) {
      api.create(
        serviceAccounts,
        'v1',
        name,
        { metadata: { name: 'default' } },
        {
          fieldManager: 'kube-controller-manager',
        },
      );
    }
  });
  const stop = api.store.watch(namespaces, undefined, event => {
    if (event.type !== 'DELETED')
      reconciler.enqueue(event.object.metadata.name);
  });
  // What a restored store already holds (a deletion under way, say).
  for (const ns of api.store.list(namespaces))
    reconciler.enqueue(ns.metadata.name);
  return () => {
    reconciler.stop();
    stop();
  };
}
