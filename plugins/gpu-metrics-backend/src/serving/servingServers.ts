import { KUBERNETES_ID_LABEL } from '../service/idleOwners';
import { PodServing } from './ServingReader';

/** The labels KServe puts on the pods of an (LLM)InferenceService. */
const KSERVE_LABELS = [
  'serving.kserve.io/inferenceservice',
  'serving.kserve.io/llminferenceservice',
];

/**
 * One model server: the pods with vLLM series of one (cluster, namespace,
 * `app` label). The gateway calls it through the Service
 * `<app>.<namespace>.svc`, its `server_address`.
 */
export interface ServerPods {
  cluster: string;
  namespace: string;
  serverAddress: string;
  pods: PodServing[];
  /** The pods' `backstage.io/kubernetes-id`, when they carry one. */
  kubernetesId?: string;
  /** The KServe service the pods serve, when KServe labelled them. */
  kserve?: { label: string; name: string };
}

/** The key of a pod in a cluster, for label look-ups. */
export function clusterPodKey(cluster: string, namespace: string, pod: string) {
  return `${cluster}\u0000${namespace}\u0000${pod}`;
}

/**
 * Groups serving pods into servers by their `app` label (from the
 * Kubernetes API, `labelsOf`). A pod Kubernetes no longer lists, or one
 * without `app`, is a server of its own named after the pod.
 */
export function groupServers(
  pods: PodServing[],
  labelsOf: (
    cluster: string,
    namespace: string,
    pod: string,
  ) => Record<string, string> | undefined,
): ServerPods[] {
  const servers = new Map<string, ServerPods>();
  for (const p of pods) {
    const labels = labelsOf(p.cluster, p.namespace, p.pod) ?? {};
    const app = labels.app || p.pod;
    const key = clusterPodKey(p.cluster, p.namespace, app);
    const server = servers.get(key) ?? {
      cluster: p.cluster,
      namespace: p.namespace,
      serverAddress: `${app}.${p.namespace}.svc`,
      pods: [],
    };
    server.pods.push(p);
    const id = labels[KUBERNETES_ID_LABEL];
    if (id && !server.kubernetesId) server.kubernetesId = id;
    const kserveLabel = KSERVE_LABELS.find(l => labels[l]);
    if (kserveLabel && !server.kserve) {
      server.kserve = { label: kserveLabel, name: labels[kserveLabel] };
    }
    servers.set(key, server);
  }
  return [...servers.values()].sort(
    (a, b) =>
      a.cluster.localeCompare(b.cluster) ||
      a.namespace.localeCompare(b.namespace) ||
      a.serverAddress.localeCompare(b.serverAddress),
  );
}
