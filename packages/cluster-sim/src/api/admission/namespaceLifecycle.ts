import { ApiError } from '../ApiError';
import { AdmissionCheck } from '../KubernetesApi';
import { ObjectStore } from '../ObjectStore';
import { findResourceByKind } from '../resources';

/**
 * The NamespaceLifecycle admission plugin: no objects in a namespace that does
 * not exist or is being deleted.
 */
export function namespaceLifecycle(store: ObjectStore): AdmissionCheck {
  const namespaces = findResourceByKind('v1', 'Namespace')!;
  return ({ operation, type, object }) => {
    if (operation !== 'CREATE' || !type.namespaced) return;
    const name = object.metadata.namespace!;
    const namespace = store.get(namespaces, undefined, name);
    if (!namespace)
      throw ApiError.notFound({ group: '', plural: 'namespaces' }, name);
    if (namespace.metadata.deletionTimestamp) {
      throw ApiError.forbidden(
        { group: type.group, plural: type.plural },
        object.metadata.name,
        `unable to create new content in namespace ${name} because it is being terminated`,
      );
    }
  };
}
