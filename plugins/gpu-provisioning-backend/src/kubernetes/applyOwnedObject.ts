import {
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { isNotFound } from './apiErrors';
import { FIELD_MANAGER, GRANT_LABELS, MANAGED_BY } from './grantLabels';

/**
 * Server-side applies a cluster-wide object the portal owns (a team's
 * ClusterQueue or Queue). One of the same name without the portal's
 * `managed-by` label is someone else's and is left alone: `not-ours`.
 */
export async function applyOwnedObject(
  api: KubernetesObjectApi,
  object: KubernetesObject,
): Promise<'applied' | 'not-ours'> {
  try {
    const live = await api.read({
      apiVersion: object.apiVersion!,
      kind: object.kind!,
      metadata: { name: object.metadata!.name! },
    });
    if (live.metadata?.labels?.[GRANT_LABELS.managedBy] !== MANAGED_BY) {
      return 'not-ours';
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await api.patch(
    object,
    undefined,
    undefined,
    FIELD_MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );
  return 'applied';
}
