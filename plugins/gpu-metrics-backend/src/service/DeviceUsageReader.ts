import { ClusterError } from '@ai-platform/plugin-gpu-metrics-common';
import { WorkloadPod } from '../kubernetes/KubernetesPods';
import { PodsByNamespace } from '../prometheus/GpuQueries';
import { ROLL_UP_AFTER_SECONDS } from '../config/GpuMetricsConfig';
import { PrometheusClusters } from './PrometheusClusters';
import { DeviceRow, UsageRange, UsageSeries } from './types';

/** The per-device aggregates a usage answer is summed from. */
const AGGREGATE_KEYS = [
  'utilSum',
  'utilCount',
  'utilMax',
  'memSum',
  'memCount',
  'memMax',
  'memTotal',
  'smSum',
  'smCount',
  'powerSum',
  'powerCount',
  'xid',
  'idleSteps',
] as const;

/** A device as dcgm-exporter labels it (a MIG instance is its own device). */
function deviceOf(metric: Record<string, string>): string {
  return [metric.Hostname, metric.gpu, metric.UUID, metric.GPU_I_ID ?? ''].join(
    '/',
  );
}

/**
 * Reads what a set of pods did with their GPUs over a window: a row per pod
 * and device with its aggregates, and the pods' summed series, from the
 * Prometheus of each cluster the pods run on.
 */
export class DeviceUsageReader {
  static create(options: {
    prometheus: PrometheusClusters;
    /** Utilisation (0-100) below which a GPU counts as idle. */
    idleUtilisationBelow: number;
    /** Whether long windows read the hourly roll-up rules. */
    rollUps?: boolean;
  }): DeviceUsageReader {
    return new DeviceUsageReader(
      options.prometheus,
      options.idleUtilisationBelow,
      options.rollUps ?? false,
    );
  }

  private constructor(
    private readonly prometheus: PrometheusClusters,
    private readonly idleUtilisationBelow: number,
    private readonly rollUps: boolean,
  ) {}

  /**
   * Whether a window's aggregates read the hourly roll-ups: beyond 7 days,
   * when enabled. They then cover the whole hours up to the last roll-up
   * before the window's end, so the window slides back by less than an hour.
   */
  readsRollUps(range: UsageRange): boolean {
    return this.rollUps && range.seconds > ROLL_UP_AFTER_SECONDS;
  }

  async read(
    pods: WorkloadPod[],
    range: UsageRange,
  ): Promise<{
    rows: DeviceRow[];
    series: UsageSeries;
    errors: ClusterError[];
  }> {
    const byCluster = new Map<string, PodsByNamespace>();
    for (const p of pods) {
      const namespaces = byCluster.get(p.cluster) ?? new Map();
      byCluster.set(p.cluster, namespaces);
      namespaces.set(p.namespace, [
        ...(namespaces.get(p.namespace) ?? []),
        p.pod,
      ]);
    }
    const { results, errors } = await this.prometheus.perCluster(
      [...byCluster.keys()],
      cluster => this.readCluster(cluster, byCluster.get(cluster)!, range),
    );
    const series: UsageSeries = new Map();
    const point = (t: number) => {
      const p = series.get(t) ?? { uSum: 0, uCount: 0, mem: NaN };
      series.set(t, p);
      return p;
    };
    for (const { value } of results) {
      value.uSum.forEach(s =>
        s.values.forEach(([t, v]) => (point(t).uSum += v)),
      );
      value.uCount.forEach(s =>
        s.values.forEach(([t, v]) => (point(t).uCount += v)),
      );
      value.mem.forEach(s =>
        s.values.forEach(([t, v]) => {
          const p = point(t);
          p.mem = Number.isNaN(p.mem) ? v : p.mem + v;
        }),
      );
    }
    return { rows: results.flatMap(r => r.value.rows), series, errors };
  }

  private async readCluster(
    cluster: string,
    selected: PodsByNamespace,
    range: UsageRange,
  ) {
    const querier = this.prometheus.querier(cluster);
    const queries = this.prometheus.queries(cluster);
    const aggregates = this.readsRollUps(range)
      ? queries.podRollUps(selected, range)
      : queries.podAggregates(selected, range, this.idleUtilisationBelow);
    const over = queries.podSeries(selected);
    // One wave: every query is independent of the others' answers, so all
    // go out at once and the answer waits for the slowest only.
    const [values, [uSum, uCount, mem]] = await Promise.all([
      Promise.all(
        AGGREGATE_KEYS.map(name =>
          querier.instant(aggregates[name], range.end),
        ),
      ),
      Promise.all(
        [over.utilSum, over.utilCount, over.memSum].map(q =>
          querier.range(q, range),
        ),
      ),
    ]);
    const rows = new Map<string, DeviceRow>();
    // A device is one with memory samples in the window (memCount's series).
    for (const s of values[AGGREGATE_KEYS.indexOf('memCount')]) {
      const key = `${s.metric.namespace}/${s.metric.pod}/${deviceOf(s.metric)}`;
      rows.set(key, {
        cluster,
        namespace: s.metric.namespace,
        pod: s.metric.pod,
        device: deviceOf(s.metric),
        modelName: s.metric.modelName ?? '',
        migProfile: s.metric.GPU_I_PROFILE,
        values: {},
      });
    }
    AGGREGATE_KEYS.forEach((name, i) => {
      for (const s of values[i]) {
        const row = rows.get(
          `${s.metric.namespace}/${s.metric.pod}/${deviceOf(s.metric)}`,
        );
        if (row) row.values[name] = s.value;
      }
    });
    return { rows: [...rows.values()], uSum, uCount, mem };
  }
}
