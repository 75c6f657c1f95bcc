import { ClusterError } from '@ai-platform/plugin-gpu-metrics-common';
import { WorkloadPod } from '../kubernetes/KubernetesPods';
import { PodsByNamespace } from '../prometheus/GpuQueries';
import { windowStepsRange } from '../prometheus/promql';
import { PrometheusClusters } from '../service/PrometheusClusters';
import { UsageRange } from '../service/types';

/** Steps of the window a pod held one device (GPU or MIG instance). */
export interface HeldDevice {
  cluster: string;
  namespace: string;
  pod: string;
  modelName: string;
  migProfile?: string;
  /** Steps of the window with a sample of the device for the pod. */
  steps: number;
}

/** Pods by cluster, then by namespace. */
export function podsByCluster(
  pods: WorkloadPod[],
): Map<string, PodsByNamespace> {
  const byCluster = new Map<string, PodsByNamespace>();
  for (const p of pods) {
    const namespaces = byCluster.get(p.cluster) ?? new Map<string, string[]>();
    byCluster.set(p.cluster, namespaces);
    namespaces.set(p.namespace, [
      ...(namespaces.get(p.namespace) ?? []),
      p.pod,
    ]);
  }
  return byCluster;
}

/**
 * The device-steps pods held in a window: per pod and device, the steps
 * (of `range.step`) with a framebuffer sample, so hours are
 * `steps * step / 3600` whatever the scrape interval.
 */
export async function readHeldDevices(
  prometheus: PrometheusClusters,
  pods: WorkloadPod[],
  range: UsageRange,
): Promise<{ devices: HeldDevice[]; errors: ClusterError[] }> {
  const byCluster = podsByCluster(pods);
  const { results, errors } = await prometheus.perCluster(
    [...byCluster.keys()],
    async cluster => {
      const selectors = prometheus
        .queries(cluster)
        .podSelectors('memoryUsed', byCluster.get(cluster)!)
        .map(sel => `count_over_time(${sel}${windowStepsRange(range)})`);
      const expr = `sum by (namespace, pod, Hostname, gpu, UUID, GPU_I_ID, modelName, GPU_I_PROFILE) (${
        selectors.length === 1 ? selectors[0] : `(${selectors.join(' or ')})`
      })`;
      const samples = await prometheus
        .querier(cluster)
        .instant(expr, range.end);
      return samples.map(s => ({
        cluster,
        namespace: s.metric.namespace,
        pod: s.metric.pod,
        modelName: s.metric.modelName ?? '',
        migProfile: s.metric.GPU_I_PROFILE || undefined,
        steps: s.value,
      }));
    },
  );
  return { devices: results.flatMap(r => r.value), errors };
}
