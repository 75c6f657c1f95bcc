import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterError } from '@ai-platform/plugin-gpu-metrics-common';
import { PodLister, WorkloadPod } from '../kubernetes/KubernetesPods';
import { WorkloadSelector } from '../kubernetes/workloadSelector';

/**
 * Finds the pods of catalog entities on every Kubernetes cluster; a cluster
 * that fails becomes an error naming the cluster (the detail, which may hold
 * the cluster's URL, is only logged).
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
    const pods = new Map<string, WorkloadPod[]>(
      selectors.map(s => [s.ref, []]),
    );
    const { errors } = await this.onEveryCluster(async cluster => {
      for (const { ref, selector } of selectors) {
        const found = await this.pods.listPods(cluster, selector);
        pods.get(ref)!.push(...found);
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
