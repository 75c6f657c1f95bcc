import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterError } from '@ai-platform/plugin-gpu-metrics-common';
import {
  LabelledPod,
  PodLister,
  WorkloadPod,
} from '../kubernetes/KubernetesPods';
import { equalityValue, labelMatcher } from '../kubernetes/labelMatch';
import {
  KUBERNETES_ID_ANNOTATION,
  WorkloadSelector,
} from '../kubernetes/workloadSelector';

/**
 * The listings that cover every selector on one cluster, at most two
 * whatever their number: one `backstage.io/kubernetes-id in (...)` for the
 * entities selected by id (the usual case), and for the rest their one
 * selector or, when several, every pod (selectors are conjunctions, so a
 * union of different ones has no selector of its own).
 */
export function podListings(
  selectors: WorkloadSelector[],
): Array<string | undefined> {
  const ids = new Set<string>();
  const others = new Set<string>();
  for (const { labelSelector } of selectors) {
    const id = equalityValue(labelSelector, KUBERNETES_ID_ANNOTATION);
    if (id !== undefined) ids.add(id);
    else others.add(labelSelector);
  }
  const listings: Array<string | undefined> = [];
  // Label values were checked against the label grammar (no `,` or `)`).
  if (ids.size > 0) {
    listings.push(
      `${KUBERNETES_ID_ANNOTATION} in (${[...ids].sort().join(',')})`,
    );
  }
  if (others.size === 1) listings.push([...others][0]);
  if (others.size > 1) listings.push(undefined);
  return listings;
}

/**
 * Finds the pods of catalog entities on every Kubernetes cluster with a
 * constant number of calls per cluster (see {@link podListings}), the pods
 * then shared out among the entities by matching their selectors locally. A
 * cluster that fails becomes an error naming the cluster (the detail, which
 * may hold the cluster's URL, is only logged).
 */
export class WorkloadPodFinder {
  static create(options: {
    pods: PodLister;
    logger: LoggerService;
  }): WorkloadPodFinder {
    return new WorkloadPodFinder(options.pods, options.logger);
  }

  private constructor(
    private readonly pods: PodLister,
    private readonly logger: LoggerService,
  ) {}

  /** The pods of each entity (by ref), on every cluster. */
  async findPods(
    selectors: Array<{ ref: string; selector: WorkloadSelector }>,
  ): Promise<{ pods: Map<string, WorkloadPod[]>; errors: ClusterError[] }> {
    const found = await this.findLabelledPods(selectors);
    const pods = new Map<string, WorkloadPod[]>();
    for (const [ref, labelled] of found.pods) {
      pods.set(
        ref,
        labelled.map(p => ({
          cluster: p.cluster,
          namespace: p.namespace,
          pod: p.pod,
        })),
      );
    }
    return { pods, errors: found.errors };
  }

  /** The pods of each entity (by ref), on every cluster, with their labels. */
  async findLabelledPods(
    selectors: Array<{ ref: string; selector: WorkloadSelector }>,
  ): Promise<{ pods: Map<string, LabelledPod[]>; errors: ClusterError[] }> {
    const pods = new Map<string, LabelledPod[]>(
      selectors.map(s => [s.ref, []]),
    );
    if (selectors.length === 0) return { pods, errors: [] };
    const listings = podListings(selectors.map(s => s.selector));
    const matchers = selectors.map(({ ref, selector }) => ({
      ref,
      namespace: selector.namespace,
      matches: labelMatcher(selector.labelSelector),
    }));
    const { errors } = await this.onEveryCluster(async cluster => {
      const listed = await Promise.all(
        listings.map(l => this.pods.listLabelledPods(cluster, l)),
      );
      const unique = new Map<string, LabelledPod>();
      for (const p of listed.flat()) unique.set(`${p.namespace}/${p.pod}`, p);
      for (const p of unique.values()) {
        for (const m of matchers) {
          if (m.namespace !== undefined && m.namespace !== p.namespace)
            continue;
          if (!m.matches(p.labels)) continue;
          pods.get(m.ref)!.push(p);
        }
      }
    });
    return { pods, errors };
  }

  private async onEveryCluster(
    fn: (cluster: string) => Promise<void>,
  ): Promise<{ errors: ClusterError[] }> {
    const clusters = this.pods.clusters();
    const settled = await Promise.allSettled(clusters.map(fn));
    const errors: ClusterError[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'rejected') {
        const code = (s.reason as { code?: unknown })?.code;
        this.logger.warn('Listing pods failed', {
          cluster: clusters[i],
          error: String(s.reason?.message ?? s.reason),
        });
        errors.push({
          cluster: clusters[i],
          message: `Listing pods on cluster '${clusters[i]}' failed${
            typeof code === 'number' ? ` (${code})` : ''
          }`,
        });
      }
    });
    return { errors };
  }
}
