// The reference of "submit to active": the objects of a grant the backend
// created (Namespace, ResourceQuota, NetworkPolicy, RoleBinding), server-side
// applied straight to the simulated API with client-node, one grant after
// another per worker, the same field manager and order as the backend.
import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  RequestContext,
} from '@kubernetes/client-node';
import { Agent } from 'node:https';
import { percentile } from './load';

const FIELD_MANAGER = 'ai-platform-gpu-provisioning';

/** The namespaced kinds in the order the backend applies them: limits before access. */
const GRANT_KINDS = [
  { apiVersion: 'v1', kind: 'ResourceQuota' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
] as const;

/**
 * client-node with its connections kept alive: left alone it makes a new
 * agent, so a TLS handshake, per call, and the reference would measure
 * handshakes instead of the API server. The backend keeps its connections too.
 */
class KeepAliveClient extends KubeConfig {
  private agent?: Agent;

  override async applySecurityAuthentication(context: RequestContext) {
    await super.applySecurityAuthentication(context);
    this.agent ??= new Agent({
      ...(context.getAgent() as Agent).options,
      keepAlive: true,
    });
    context.setAgent(this.agent);
  }
}

function objectApi(kubeConfig: KubeConfig, cluster: string) {
  const kc = new KeepAliveClient();
  kc.loadFromString(kubeConfig.exportConfig());
  kc.setCurrentContext(cluster);
  return KubernetesObjectApi.makeApiClient(kc);
}

/** What apply would send: the live objects without server-set fields. */
export async function readGrantObjects(
  kubeConfig: KubeConfig,
  cluster: string,
  namespace: string,
): Promise<KubernetesObject[]> {
  const api = objectApi(kubeConfig, cluster);
  const live: Array<KubernetesObject & Record<string, unknown>> = [
    (await api.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    })) as KubernetesObject & Record<string, unknown>,
  ];
  for (const k of GRANT_KINDS) {
    const list = await api.list(k.apiVersion, k.kind, namespace);
    live.push(...list.items.map(o => ({ ...o, ...k })));
  }
  const kinds = live.map(o => o.kind).join(', ');
  if (!/ResourceQuota.*NetworkPolicy.*RoleBinding/.test(kinds)) {
    throw new Error(`grant namespace ${namespace} holds only ${kinds}`);
  }
  return live.map(obj => {
    const { status: _status, ...rest } = obj;
    // Set by the API server from the name; the copies get their own.
    const { 'kubernetes.io/metadata.name': _name, ...labels } =
      obj.metadata!.labels ?? {};
    return {
      ...rest,
      metadata: {
        name: obj.metadata!.name,
        ...(obj.metadata!.namespace
          ? { namespace: obj.metadata!.namespace }
          : {}),
        labels,
        annotations: obj.metadata!.annotations,
      },
    } as KubernetesObject;
  });
}

/** The template's objects, moved to namespace `name`. */
function renamed(template: KubernetesObject[], name: string) {
  return template.map(o =>
    o.kind === 'Namespace'
      ? { ...o, metadata: { ...o.metadata, name } }
      : { ...o, metadata: { ...o.metadata, namespace: name } },
  );
}

/** Applies `total` copies of the grant at `concurrency`; grants per second and p50/p95 per grant. */
export async function applyReference(
  kubeConfig: KubeConfig,
  cluster: string,
  template: KubernetesObject[],
  options: { total: number; concurrency: number; prefix: string },
) {
  const api = objectApi(kubeConfig, cluster);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.total) {
        const i = next++;
        const t = performance.now();
        for (const obj of renamed(template, `${options.prefix}-${i}`)) {
          await api.patch(
            obj,
            undefined,
            undefined,
            FIELD_MANAGER,
            true,
            PatchStrategy.ServerSideApply,
          );
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    grants: options.total,
    concurrency: options.concurrency,
    grantsPerSecond: Number((options.total / seconds).toFixed(1)),
    p50Ms: Math.round(percentile(latencies, 50)),
    p95Ms: Math.round(percentile(latencies, 95)),
  };
}
