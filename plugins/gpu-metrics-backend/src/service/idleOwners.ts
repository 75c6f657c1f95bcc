import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IdleGpu } from '@ai-platform/plugin-gpu-metrics-common';
import { ownerOf } from '../catalog/CatalogOrganisation';
import { PodLister } from '../kubernetes/KubernetesPods';

/** The label the Kubernetes plugin uses to tie a pod to a catalog entity. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/**
 * Names the owner of each idle GPU: the pod's `backstage.io/kubernetes-id`
 * label leads to the catalog entity annotated with that id, and its owner is
 * the team. GPUs whose pod is gone, unlabelled or unknown to the catalog stay
 * unattributed rather than failing the fleet answer.
 */
export async function attributeIdleGpus(options: {
  idle: IdleGpu[];
  pods: PodLister;
  catalog: CatalogService;
  credentials: BackstageCredentials;
}): Promise<IdleGpu[]> {
  const { idle, pods, catalog, credentials } = options;
  const podKey = (g: Pick<IdleGpu, 'cluster' | 'namespace' | 'pod'>) =>
    `${g.cluster}\u0000${g.namespace}\u0000${g.pod}`;
  const unique = new Map(idle.filter(g => g.pod).map(g => [podKey(g), g]));
  const ids = new Map<string, string>();
  // One listing per cluster of the pods carrying the label, however many
  // GPUs are idle there.
  const clusters = [...new Set([...unique.values()].map(g => g.cluster))];
  await Promise.all(
    clusters.map(async cluster => {
      try {
        for (const p of await pods.listLabelledPods(
          cluster,
          KUBERNETES_ID_LABEL,
        )) {
          const key = podKey(p);
          const id = p.labels[KUBERNETES_ID_LABEL];
          if (id && unique.has(key)) ids.set(key, id);
        }
      } catch {
        // An unreachable cluster leaves its GPUs unattributed.
      }
    }),
  );
  const wanted = [...new Set(ids.values())];
  if (wanted.length === 0) return idle;
  // The label values go into a structured catalog filter, never a query string.
  const { items } = await catalog.getEntities(
    {
      filter: { [`metadata.annotations.${KUBERNETES_ID_LABEL}`]: wanted },
      fields: ['kind', 'metadata', 'spec.owner', 'relations'],
    },
    { credentials },
  );
  const byId = new Map<string, Entity>();
  for (const entity of items) {
    const id = entity.metadata.annotations?.[KUBERNETES_ID_LABEL];
    // Components win over other kinds that reuse the same id.
    if (id && (!byId.has(id) || entity.kind === 'Component')) {
      byId.set(id, entity);
    }
  }
  return idle.map(g => {
    const id = ids.get(podKey(g));
    const entity = id ? byId.get(id) : undefined;
    if (!entity) return g;
    return {
      ...g,
      entityRef: stringifyEntityRef(entity),
      team: ownerOf(entity),
    };
  });
}
