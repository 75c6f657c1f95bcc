import { AI_PLATFORM_LABELS } from '@ai-platform/plugin-ai-platform-common';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@ai-platform/plugin-compliance-common';
import { ClusterSnapshotSource } from '../kubernetes/ComplianceClusters';
import { ClusterSnapshot, KubeObject } from '../kubernetes/types';
import { ownerRefOf, refOf } from './entityRefs';
import { EntityFacts, FactContext, FactRetriever } from './types';

/** A Kubernetes label value; annotations that are not one never match anything. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** A namespace name (DNS-1123 label). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const POD_SECURITY_ENFORCE = 'pod-security.kubernetes.io/enforce';
const TEAM_LABEL = AI_PLATFORM_LABELS.team;

interface PolicyFailure {
  cluster: string;
  namespace: string;
  /** The team the namespace belongs to, by its `ai-platform.io/team` label. */
  namespaceOwner?: string;
  policy: string;
  rule?: string;
  result: string;
  message?: string;
}

/** The registry part of an image reference, with Docker Hub's implicit one made explicit. */
export function normalizeImage(image: string): string {
  const first = image.split('/')[0];
  const hasRegistry =
    image.includes('/') &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return image;
  return image.includes('/')
    ? `docker.io/${image}`
    : `docker.io/library/${image}`;
}

function isDefaultDeny(policy: KubeObject): boolean {
  const spec = (policy.spec ?? {}) as {
    podSelector?: { matchLabels?: object; matchExpressions?: unknown[] };
    policyTypes?: string[];
    ingress?: unknown[];
  };
  const selector = spec.podSelector ?? {};
  const selectsAll =
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0;
  const types = spec.policyTypes ?? ['Ingress'];
  return (
    selectsAll && types.includes('Ingress') && (spec.ingress ?? []).length === 0
  );
}

function requestsGpus(pod: KubeObject): boolean {
  const containers = ((pod.spec as { containers?: unknown[] })?.containers ??
    []) as Array<{
    resources?: {
      requests?: Record<string, string>;
      limits?: Record<string, string>;
    };
  }>;
  return containers.some(c =>
    Object.keys({ ...c.resources?.requests, ...c.resources?.limits }).some(
      r => r.startsWith('nvidia.com/') && r !== 'nvidia.com/gpu.product',
    ),
  );
}

function imagesOf(pod: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as {
    containers?: Array<{ image?: string }>;
    initContainers?: Array<{ image?: string }>;
  };
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])]
    .map(c => c.image)
    .filter((i): i is string => !!i);
}

/** Whether a RoleBinding subject (a group name or ref) names the team, ignoring case. */
function groupNameMatches(subjectName: string, teamRef: string): boolean {
  const name = teamRef.slice(teamRef.indexOf('/') + 1);
  if (subjectName.toLocaleLowerCase('en-US') === name) return true;
  try {
    return (
      entityRefKey(subjectName, { defaultKind: 'group' }) ===
      entityRefKey(teamRef)
    );
  } catch {
    return false;
  }
}

interface ClusterIndex {
  snapshot: ClusterSnapshot;
  namespaces: Map<string, KubeObject>;
  /** Pods by their `backstage.io/kubernetes-id` label. */
  podsById: Map<string, KubeObject[]>;
  defaultDeny: Set<string>;
  quotaWithGpus: Set<string>;
  failuresByNamespace: Map<string, PolicyFailure[]>;
}

function indexSnapshot(snapshot: ClusterSnapshot): ClusterIndex {
  const namespaces = new Map(
    snapshot.namespaces.map(n => [n.metadata?.name ?? '', n]),
  );
  const podsById = new Map<string, KubeObject[]>();
  for (const pod of snapshot.pods) {
    const id = pod.metadata?.labels?.[KUBERNETES_ID_ANNOTATION];
    if (id) podsById.set(id, [...(podsById.get(id) ?? []), pod]);
  }
  const defaultDeny = new Set(
    snapshot.networkPolicies
      .filter(isDefaultDeny)
      .map(p => p.metadata?.namespace ?? ''),
  );
  const quotaWithGpus = new Set(
    snapshot.quotas
      .filter(q =>
        Object.keys(
          ((q.spec as { hard?: Record<string, string> })?.hard ?? {}) as object,
        ).some(k => k.includes('nvidia.com/')),
      )
      .map(q => q.metadata?.namespace ?? ''),
  );
  const failuresByNamespace = new Map<string, PolicyFailure[]>();
  for (const report of snapshot.policyReports) {
    const namespace = report.metadata?.namespace ?? '';
    const results = (report.results ?? []) as Array<{
      policy?: string;
      rule?: string;
      result?: string;
      message?: string;
    }>;
    for (const r of results) {
      if (r.result !== 'fail' && r.result !== 'error') continue;
      const failure: PolicyFailure = {
        cluster: snapshot.cluster,
        namespace,
        namespaceOwner:
          namespaces.get(namespace)?.metadata?.labels?.[TEAM_LABEL],
        policy: r.policy ?? '(unnamed)',
        rule: r.rule,
        result: r.result,
        message: r.message,
      };
      failuresByNamespace.set(namespace, [
        ...(failuresByNamespace.get(namespace) ?? []),
        failure,
      ]);
    }
  }
  return {
    snapshot,
    namespaces,
    podsById,
    defaultDeny,
    quotaWithGpus,
    failuresByNamespace,
  };
}

/**
 * How long the plugin uses a cluster read again (one minute): re-scoring one
 * entity must not list every pod of every cluster each time.
 */
export const CLUSTER_READ_REUSE_MS = 60_000;

/** A cluster's index, or why it could not be read. */
type ClusterRead = { index: ClusterIndex } | { error: string };

/**
 * Facts from the clusters about the namespaces an entity's workloads run in:
 * default-deny NetworkPolicy, Pod Security `restricted`, cluster-admin
 * bindings of the owning team, GPU quotas, image registries and Kyverno
 * PolicyReport failures. Each cluster is read once per run; entity
 * annotations are only compared with what was read, never sent to the API.
 *
 * With `snapshotMaxAgeMs`, a cluster read that recently is used again, and
 * calls that overlap share one read: re-scoring one entity must not list
 * every pod of every cluster each time. A failed read is never kept.
 */
export class KubernetesFactRetriever implements FactRetriever {
  readonly id = 'k8s';
  private readonly reads = new Map<
    string,
    { at: number; read: Promise<ClusterRead> }
  >();

  private constructor(
    private readonly clusters: ClusterSnapshotSource,
    private readonly allowedRegistries: string[],
    private readonly snapshotMaxAgeMs: number,
    private readonly now: () => number,
    private readonly onClusterRead?: (
      cluster: string,
      error?: Error,
    ) => Promise<void> | void,
  ) {}

  static create(options: {
    clusters: ClusterSnapshotSource;
    /** Image prefixes allowed, e.g. `nvcr.io/`; empty allows every image. */
    allowedRegistries: string[];
    /** Called after each cluster read, for the audit log. */
    onClusterRead?: (cluster: string, error?: Error) => Promise<void> | void;
    /** How long a cluster read is used again; default 0 (read on every call). */
    snapshotMaxAgeMs?: number;
    /** The clock, in milliseconds. */
    now?: () => number;
  }): KubernetesFactRetriever {
    return new KubernetesFactRetriever(
      options.clusters,
      options.allowedRegistries.map(r => (r.endsWith('/') ? r : `${r}/`)),
      options.snapshotMaxAgeMs ?? 0,
      options.now ?? Date.now,
      options.onClusterRead,
    );
  }

  async retrieve(
    entities: Entity[],
    _context: FactContext,
  ): Promise<Map<string, EntityFacts>> {
    const reads = await Promise.all(
      this.clusters.names().map(name => this.clusterRead(name)),
    );
    const indexes: ClusterIndex[] = [];
    const errors: string[] = [];
    for (const read of reads) {
      if ('index' in read) indexes.push(read.index);
      else errors.push(read.error);
    }
    indexes.sort((a, b) =>
      a.snapshot.cluster.localeCompare(b.snapshot.cluster),
    );
    const collectedAt =
      indexes.map(i => i.snapshot.readAt).sort()[0] ?? new Date().toISOString();
    const out = new Map<string, EntityFacts>();
    for (const entity of entities) {
      out.set(
        refOf(entity),
        this.factsFor(entity, indexes, errors, collectedAt),
      );
    }
    return out;
  }

  /** The cluster's index: a recent or running read, else a new one. */
  private clusterRead(name: string): Promise<ClusterRead> {
    const kept = this.reads.get(name);
    if (kept && this.now() - kept.at < this.snapshotMaxAgeMs) return kept.read;
    const read = this.readCluster(name);
    const entry = { at: this.now(), read };
    this.reads.set(name, entry);
    const forget = () => {
      if (this.reads.get(name) === entry) this.reads.delete(name);
    };
    read.then(result => 'error' in result && forget(), forget);
    return read;
  }

  private async readCluster(name: string): Promise<ClusterRead> {
    try {
      const index = indexSnapshot(await this.clusters.snapshot(name));
      await this.onClusterRead?.(name);
      return { index };
    } catch (error) {
      await this.onClusterRead?.(
        name,
        error instanceof Error ? error : new Error(String(error)),
      );
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  private factsFor(
    entity: Entity,
    indexes: ClusterIndex[],
    errors: string[],
    collectedAt: string,
  ): EntityFacts {
    const annotations = entity.metadata.annotations ?? {};
    const id = annotations[KUBERNETES_ID_ANNOTATION];
    const annotatedNamespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
    const base = { retriever: this.id, collectedAt };
    if (!id && !annotatedNamespace)
      return { ...base, values: { 'k8s.namespaces': [] } };
    if (id && !LABEL_VALUE.test(id))
      return {
        ...base,
        values: {},
        error: `${KUBERNETES_ID_ANNOTATION} is not a valid Kubernetes label value`,
      };
    if (annotatedNamespace && !DNS_LABEL.test(annotatedNamespace))
      return {
        ...base,
        values: {},
        error: `${KUBERNETES_NAMESPACE_ANNOTATION} is not a valid namespace name`,
      };
    if (errors.length) return { ...base, values: {}, error: errors.join('; ') };
    const owner = ownerRefOf(entity);
    const namespaces: string[] = [];
    const withoutDefaultDeny: string[] = [];
    const notRestricted: string[] = [];
    const gpuNamespaces: string[] = [];
    const gpuWithoutQuota: string[] = [];
    const images = new Set<string>();
    const clusterAdmin: string[] = [];
    const failures: PolicyFailure[] = [];
    for (const index of indexes) {
      const { cluster } = index.snapshot;
      const pods = id ? index.podsById.get(id) ?? [] : [];
      const mine = new Set<string>();
      const gpu = new Set<string>();
      for (const pod of pods) {
        const ns = pod.metadata?.namespace ?? '';
        mine.add(ns);
        if (requestsGpus(pod)) gpu.add(ns);
        imagesOf(pod).forEach(i => images.add(normalizeImage(i)));
      }
      if (annotatedNamespace && index.namespaces.has(annotatedNamespace))
        mine.add(annotatedNamespace);
      if (mine.size === 0) continue;
      for (const ns of [...mine].sort()) {
        const at = `${cluster}/${ns}`;
        namespaces.push(at);
        if (!index.defaultDeny.has(ns)) withoutDefaultDeny.push(at);
        const labels = index.namespaces.get(ns)?.metadata?.labels ?? {};
        if (labels[POD_SECURITY_ENFORCE] !== 'restricted')
          notRestricted.push(at);
        if (gpu.has(ns)) {
          gpuNamespaces.push(at);
          if (!index.quotaWithGpus.has(ns)) gpuWithoutQuota.push(at);
        }
        failures.push(...(index.failuresByNamespace.get(ns) ?? []));
        for (const rb of index.snapshot.roleBindings) {
          if (rb.metadata?.namespace !== ns) continue;
          if ((rb.roleRef as { name?: string })?.name !== 'cluster-admin')
            continue;
          const subjects = (rb.subjects ?? []) as Array<{
            kind?: string;
            name?: string;
          }>;
          if (subjects.some(s => s.kind === 'Group'))
            clusterAdmin.push(`${at}/RoleBinding/${rb.metadata?.name}`);
        }
      }
      if (owner) {
        for (const crb of index.snapshot.clusterRoleBindings) {
          if ((crb.roleRef as { name?: string })?.name !== 'cluster-admin')
            continue;
          const subjects = (crb.subjects ?? []) as Array<{
            kind?: string;
            name?: string;
          }>;
          if (
            subjects.some(
              s => s.kind === 'Group' && groupNameMatches(s.name ?? '', owner),
            )
          )
            clusterAdmin.push(
              `${cluster}/ClusterRoleBinding/${crb.metadata?.name}`,
            );
        }
      }
    }
    const imageList = [...images].sort();
    return {
      ...base,
      values: {
        'k8s.namespaces': namespaces,
        'k8s.namespacesWithoutDefaultDeny': withoutDefaultDeny,
        'k8s.namespacesNotRestricted': notRestricted,
        'k8s.clusterAdminBindings': [...new Set(clusterAdmin)],
        'k8s.gpuNamespaces': gpuNamespaces,
        'k8s.gpuNamespacesWithoutQuota': gpuWithoutQuota,
        'k8s.images': imageList,
        'k8s.disallowedImages': this.allowedRegistries.length
          ? imageList.filter(
              i => !this.allowedRegistries.some(r => i.startsWith(r)),
            )
          : [],
        'k8s.policyReportFailures': failures,
      },
    };
  }
}
