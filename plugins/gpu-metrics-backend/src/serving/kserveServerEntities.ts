import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AI_PLATFORM_ANNOTATIONS } from '@ai-platform/plugin-ai-platform-common';
import { ownerOf } from '../catalog/CatalogOrganisation';
import { ServerPods } from './servingServers';

const LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';
const NAMESPACE = 'backstage.io/kubernetes-namespace';

/** The server's KServe selector, e.g. `serving.kserve.io/inferenceservice=llama`. */
export function kserveSelectorOf(server: ServerPods): string | undefined {
  return server.kserve
    ? `${server.kserve.label}=${server.kserve.name}`
    : undefined;
}

/** The key a KServe server's entity is found under. */
function serverKey(cluster: string, namespace: string, selector: string) {
  return `${cluster}\u0000${namespace}\u0000${selector}`;
}

/**
 * The model server entities of KServe-served servers: the Component the
 * model catalog made from the InferenceService, annotated with its KServe
 * label selector, namespace and cluster. It is more specific than the
 * pods' `backstage.io/kubernetes-id` (a team's service may hold several
 * servers of different models), so the model it serves can be found through
 * its `dependsOn`. Label values come from the Kubernetes API and reach the
 * catalog only as a structured filter.
 */
export async function kserveServerEntities(
  servers: ServerPods[],
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Map<ServerPods, { entityRef: string; ownerRef?: string }>> {
  const found = new Map<ServerPods, { entityRef: string; ownerRef?: string }>();
  const selectors = [
    ...new Set(servers.flatMap(s => kserveSelectorOf(s) ?? [])),
  ];
  if (selectors.length === 0) return found;
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Component',
        [`metadata.annotations.${LABEL_SELECTOR}`]: selectors,
      },
      fields: ['kind', 'metadata', 'spec.owner', 'relations'],
    },
    { credentials },
  );
  const byKey = new Map<string, { entityRef: string; ownerRef?: string }>();
  for (const entity of items) {
    const annotations = entity.metadata.annotations ?? {};
    const cluster = annotations[AI_PLATFORM_ANNOTATIONS.kubernetesCluster];
    const namespace = annotations[NAMESPACE];
    if (!cluster || !namespace) continue;
    const ownerRef = ownerOf(entity);
    byKey.set(serverKey(cluster, namespace, annotations[LABEL_SELECTOR]), {
      entityRef: stringifyEntityRef(entity),
      ...(ownerRef ? { ownerRef } : {}),
    });
  }
  for (const server of servers) {
    const selector = kserveSelectorOf(server);
    const entity =
      selector &&
      byKey.get(serverKey(server.cluster, server.namespace, selector));
    if (entity) found.set(server, entity);
  }
  return found;
}
