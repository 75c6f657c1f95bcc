import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FleetUsage,
  IdleGpu,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { GpuMetricsConfig } from '../config/GpuMetricsConfig';
import { PodLister } from '../kubernetes/KubernetesPods';
import { fleetDistribution } from './fleetDistribution';
import { GpuUsageAccess } from './GpuUsageAccess';
import { attributeIdleGpus } from './idleOwners';
import { PrometheusClusters } from './PrometheusClusters';
import { FleetUsageService } from './types';
import { windowRange } from './windows';

/**
 * The fleet's usage: per cluster and GPU model the distribution of mean
 * utilisation, and the GPUs held idle, most wasted first, each attributed to
 * its owner where the pod's `backstage.io/kubernetes-id` leads to one.
 */
export class DefaultFleetUsageService implements FleetUsageService {
  static create(options: {
    access: GpuUsageAccess;
    prometheus: PrometheusClusters;
    pods: PodLister;
    catalog: CatalogService;
    config: Pick<
      GpuMetricsConfig,
      'idleUtilisationBelow' | 'idleForAtLeastSeconds' | 'exporterNamespace'
    >;
    /** The clock, for tests over recorded history. */
    now: () => number;
  }): DefaultFleetUsageService {
    return new DefaultFleetUsageService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultFleetUsageService.create
    >[0],
  ) {}

  async fleet(
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<FleetUsage> {
    const { access, prometheus, config } = this.options;
    await access.requireFleetRead(credentials);
    const range = windowRange(window, this.options.now());
    // Both queries of a cluster stand or fall together, as one cluster error.
    const { results, errors } = await prometheus.perCluster(
      prometheus.clusters(),
      async cluster => {
        const querier = prometheus.querier(cluster);
        const queries = prometheus.queries(cluster);
        const [means, idle] = await Promise.all([
          querier.instant(queries.gpuMeans(range.seconds), range.end),
          querier.instant(
            queries.idleGpus({
              seconds: range.seconds,
              step: range.step,
              below: config.idleUtilisationBelow,
              forAtLeastSeconds: config.idleForAtLeastSeconds,
              exporterNamespace: config.exporterNamespace,
            }),
            range.end,
          ),
        ]);
        return { means, idle };
      },
    );
    const clusters: FleetUsage['clusters'] = [];
    const idle: IdleGpu[] = [];
    for (const { cluster, value } of results) {
      clusters.push(...fleetDistribution(cluster, value.means));
      for (const s of value.idle) {
        idle.push({
          cluster,
          hostname: s.metric.Hostname,
          gpu: s.metric.gpu,
          uuid: s.metric.UUID,
          modelName: s.metric.modelName,
          namespace: s.metric.namespace,
          pod: s.metric.pod,
          idleHours: s.value,
          wastedGpuHours: s.value,
        });
      }
    }
    idle.sort((a, b) => b.wastedGpuHours - a.wastedGpuHours);
    const attributed = await attributeIdleGpus({
      idle,
      pods: this.options.pods,
      catalog: this.options.catalog,
      credentials,
    });
    return { clusters, idle: attributed, errors };
  }
}
