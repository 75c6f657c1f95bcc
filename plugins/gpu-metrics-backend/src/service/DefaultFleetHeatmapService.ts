import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  FleetHeatmap,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { GpuUsageAccess } from './GpuUsageAccess';
import { PrometheusClusters } from './PrometheusClusters';
import { FleetHeatmapService } from './types';
import { windowRange } from './windows';

/**
 * Utilisation per GPU at every step of the window, a row per GPU ordered by
 * cluster, node and index; a step without a sample is `null`.
 */
export class DefaultFleetHeatmapService implements FleetHeatmapService {
  static create(options: {
    access: GpuUsageAccess;
    prometheus: PrometheusClusters;
    /** The clock, for tests over recorded history. */
    now: () => number;
  }): DefaultFleetHeatmapService {
    return new DefaultFleetHeatmapService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultFleetHeatmapService.create
    >[0],
  ) {}

  async heatmap(
    window: UsageWindow,
    cluster: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<FleetHeatmap> {
    const { access, prometheus } = this.options;
    await access.requireFleetRead(credentials);
    const known = prometheus.clusters();
    if (cluster !== undefined && !known.includes(cluster)) {
      throw new InputError(
        `cluster must be one of ${known.join(', ') || '(none configured)'}`,
      );
    }
    const range = windowRange(window, this.options.now());
    const { results, errors } = await prometheus.perCluster(
      cluster ? [cluster] : known,
      c => prometheus.querier(c).range(prometheus.queries(c).heatmap(), range),
    );
    const rows: FleetHeatmap['rows'] = [];
    for (const { cluster: c, value } of results) {
      for (const s of value) {
        const byTime = new Map(s.values);
        const values: Array<number | null> = [];
        for (let t = range.start; t <= range.end; t += range.step) {
          values.push(byTime.get(t) ?? null);
        }
        rows.push({
          cluster: c,
          hostname: s.metric.Hostname,
          gpu: s.metric.gpu,
          modelName: s.metric.modelName,
          values,
        });
      }
    }
    rows.sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.hostname.localeCompare(b.hostname) ||
        Number(a.gpu) - Number(b.gpu),
    );
    return {
      start: range.start,
      end: range.end,
      stepSeconds: range.step,
      rows,
      errors,
    };
  }
}
