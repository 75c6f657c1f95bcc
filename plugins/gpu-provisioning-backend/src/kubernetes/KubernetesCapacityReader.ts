import { LoggerService } from '@backstage/backend-plugin-api';
import { CoreV1Api, V1Node, V1Pod } from '@kubernetes/client-node';
import { GpuClassCapacity } from '@ai-platform/plugin-gpu-provisioning-common';
import {
  GpuProvisioningConfig,
  gpuResourceOf,
} from '../config/GpuProvisioningConfig';
import { CapacityReader } from '../types';
import { describeApiError } from './apiErrors';
import { KubernetesClusters } from './KubernetesClusters';
import { parseQuantity } from './parseQuantity';
import { podRequest } from './podRequest';

/** The node label GPU Feature Discovery sets to the GPU's product name. */
const PRODUCT_LABEL = 'nvidia.com/gpu.product';
const PAGE_SIZE = 500;
const DEFAULT_TIMEOUT_MS = 15_000;

async function listAll<T>(
  list: (page: { limit: number; _continue?: string }) => Promise<{
    items: T[];
    metadata?: { _continue?: string };
  }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await list({ limit: PAGE_SIZE, _continue: token });
    items.push(...page.items);
    token = page.metadata?._continue || undefined;
  } while (token);
  return items;
}

function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} timed out after ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads GPU capacity from every configured cluster: per GPU class (nodes whose
 * `nvidia.com/gpu.product` label is the class's `productLabel`) the whole GPUs
 * (`nvidia.com/gpu`) and each configured MIG profile (`nvidia.com/mig-<profile>`)
 * as separate entries.
 *
 * - `total`: the resource's allocatable on those nodes.
 * - `inUse`: what pods bound to those nodes and not finished (phase neither
 *   `Succeeded` nor `Failed`) request, counted as the scheduler does (limits
 *   stand in for absent requests; init containers and sidecars included).
 *   Pending pods not yet bound to a node belong to no class and are not counted.
 * - `granted` is 0 and `free` is `total - inUse` (never below 0); the caller
 *   fills `granted` from its active grants and recomputes
 *   `free = total - max(inUse, granted)`.
 *
 * A class or profile a cluster has none of is left out. A cluster that fails
 * (unreachable, forbidden, too slow) is reported in `errors` by name while
 * the others answer.
 */
export class KubernetesCapacityReader implements CapacityReader {
  private constructor(
    private readonly clusters: KubernetesClusters,
    private readonly config: GpuProvisioningConfig,
    private readonly logger: LoggerService,
    private readonly timeoutMs: number,
  ) {}

  static create(options: {
    clusters: KubernetesClusters;
    config: GpuProvisioningConfig;
    logger: LoggerService;
    /** How long one cluster may take to answer; 15 seconds by default. */
    timeoutMs?: number;
  }): KubernetesCapacityReader {
    return new KubernetesCapacityReader(
      options.clusters,
      options.config,
      options.logger,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  }

  clusterNames(): string[] {
    return this.clusters.names();
  }

  async read(): Promise<{
    items: GpuClassCapacity[];
    errors: Array<{ cluster: string; message: string }>;
  }> {
    const results = await Promise.all(
      this.clusters.names().map(async cluster => {
        try {
          const items = await withTimeout(
            this.readCluster(cluster),
            this.timeoutMs,
            `Reading GPU capacity of cluster ${cluster}`,
          );
          return { items, errors: [] };
        } catch (error) {
          const message = describeApiError(error);
          this.logger.warn('Could not read GPU capacity', {
            cluster,
            error: message,
          });
          return { items: [], errors: [{ cluster, message }] };
        }
      }),
    );
    return {
      items: results.flatMap(r => r.items),
      errors: results.flatMap(r => r.errors),
    };
  }

  private async readCluster(cluster: string): Promise<GpuClassCapacity[]> {
    const core: CoreV1Api = this.clusters.core(cluster);
    const [nodes, pods] = await Promise.all([
      listAll<V1Node>(page => core.listNode(page)),
      listAll<V1Pod>(page =>
        core.listPodForAllNamespaces({
          ...page,
          fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed',
        }),
      ),
    ]);
    const podsByNode = new Map<string, V1Pod[]>();
    for (const pod of pods) {
      const node = pod.spec?.nodeName;
      const phase = pod.status?.phase;
      if (!node || phase === 'Succeeded' || phase === 'Failed') continue;
      podsByNode.set(node, [...(podsByNode.get(node) ?? []), pod]);
    }

    const items: GpuClassCapacity[] = [];
    for (const gpuClass of this.config.gpuClasses) {
      const classNodes = nodes.filter(
        n => n.metadata?.labels?.[PRODUCT_LABEL] === gpuClass.productLabel,
      );
      if (classNodes.length === 0) continue;
      const classPods = classNodes.flatMap(
        n => podsByNode.get(n.metadata!.name!) ?? [],
      );
      const kinds = [
        {
          migProfile: undefined as string | undefined,
          memoryMiB: gpuClass.memoryMiB,
          hourlyRate: gpuClass.hourlyRate,
        },
        ...gpuClass.migProfiles.map(m => ({
          migProfile: m.name,
          memoryMiB: m.memoryMiB,
          hourlyRate: m.hourlyRate,
        })),
      ];
      for (const kind of kinds) {
        const resource = gpuResourceOf(kind);
        const total = classNodes.reduce(
          (sum, n) =>
            sum + (parseQuantity(n.status?.allocatable?.[resource]) ?? 0),
          0,
        );
        const inUse = classPods.reduce(
          (sum, p) => sum + podRequest(p, resource),
          0,
        );
        if (total === 0 && inUse === 0) continue;
        items.push({
          cluster,
          gpuClass: gpuClass.id,
          displayName: gpuClass.displayName,
          resource,
          ...(kind.migProfile ? { migProfile: kind.migProfile } : {}),
          memoryMiB: kind.memoryMiB,
          hourlyRate: kind.hourlyRate,
          total,
          inUse,
          granted: 0,
          free: Math.max(0, total - inUse),
        });
      }
    }
    return items;
  }
}
