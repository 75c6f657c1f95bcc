import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  FleetHeatmap,
  HEATMAP_MAX_COLUMNS,
  HeatmapRow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { InstantSample } from '../prometheus/PrometheusClient';
import { GpuUsageAccess } from './GpuUsageAccess';
import { PrometheusClusters } from './PrometheusClusters';
import { FleetHeatmapQuery, FleetHeatmapService } from './types';
import { heatmapBuckets } from './windows';

/** A row before its buckets are read: who it is and its window totals. */
interface RowTotals {
  cluster: string;
  hostname: string;
  gpu?: string;
  /** A GPU row's UUID: its index alone may repeat when a GPU was swapped. */
  uuid?: string;
  models: Set<string>;
  gpus: number;
  sum: number;
  count: number;
}

const byName = new Intl.Collator('en', { numeric: true }).compare;

const gpuKey = (m: Record<string, string>) =>
  `${m.Hostname}\u0000${m.gpu}\u0000${m.UUID}`;

/** A row's key: its cluster and node, and for a GPU's row the GPU. */
const rowKey = (
  cluster: string,
  hostname: string,
  gpu?: string,
  uuid?: string,
) =>
  gpu === undefined
    ? `${cluster}\u0000${hostname}`
    : `${cluster}\u0000${hostname}\u0000${gpu}\u0000${uuid}`;

/**
 * The rows of one cluster with their window totals: a row per node, or per
 * GPU of `node`, summed from each GPU's sum and count of samples.
 */
function rowsOf(
  cluster: string,
  sums: InstantSample[],
  counts: InstantSample[],
  node: string | undefined,
): RowTotals[] {
  const countOf = new Map(counts.map(c => [gpuKey(c.metric), c.value]));
  const rows = new Map<string, RowTotals>();
  for (const { metric, value } of sums) {
    if (node !== undefined && metric.Hostname !== node) continue;
    const key = node === undefined ? metric.Hostname : gpuKey(metric);
    let row = rows.get(key);
    if (!row) {
      row = {
        cluster,
        hostname: metric.Hostname,
        ...(node === undefined ? {} : { gpu: metric.gpu, uuid: metric.UUID }),
        models: new Set(),
        gpus: 0,
        sum: 0,
        count: 0,
      };
      rows.set(key, row);
    }
    row.models.add(metric.modelName);
    row.gpus += 1;
    row.sum += value;
    row.count += countOf.get(gpuKey(metric)) ?? 0;
  }
  return [...rows.values()].filter(r => r.count > 0);
}

/**
 * Utilisation over time for a heat map that stays small whatever the fleet's
 * size: the window cut into at most {@link HEATMAP_MAX_COLUMNS} buckets, a
 * row per node (paged) or per GPU of one node. Every figure is a mean of raw
 * samples (their sum over their count), never a mean of means.
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
    query: FleetHeatmapQuery,
    credentials: BackstageCredentials,
  ): Promise<FleetHeatmap> {
    const { access, prometheus } = this.options;
    const { window, cluster, node, offset, limit } = query;
    await access.requireFleetRead(credentials);
    const known = prometheus.clusters();
    if (cluster !== undefined && !known.includes(cluster)) {
      throw new InputError(
        `cluster must be one of ${known.join(', ') || '(none configured)'}`,
      );
    }
    if (node !== undefined && cluster === undefined) {
      throw new InputError('node needs cluster');
    }
    const buckets = heatmapBuckets(
      window,
      this.options.now(),
      HEATMAP_MAX_COLUMNS,
    );
    const seconds = buckets.end - buckets.start;

    // Which rows there are: each GPU's sum and count over the window.
    const listed = await prometheus.perCluster(
      cluster ? [cluster] : known,
      async c => {
        const q = prometheus.queries(c).heatmapTotals(seconds);
        const querier = prometheus.querier(c);
        const [sums, counts] = await Promise.all([
          querier.instant(q.sum, buckets.end),
          querier.instant(q.count, buckets.end),
        ]);
        return rowsOf(c, sums, counts, node);
      },
    );
    const all = listed.results
      .flatMap(r => r.value)
      .sort(
        (a, b) =>
          byName(a.cluster, b.cluster) ||
          byName(a.hostname, b.hostname) ||
          Number(a.gpu ?? 0) - Number(b.gpu ?? 0),
      );
    const page = all.slice(offset, offset + limit);

    // The buckets of this page's rows only, one query per cluster on it.
    const rowKind = node === undefined ? 'node' : 'gpu';
    const pageClusters = [...new Set(page.map(r => r.cluster))];
    const read = await prometheus.perCluster(pageClusters, c =>
      prometheus
        .querier(c)
        .range(
          prometheus
            .queries(c)
            .heatmapBucketMeans(
              rowKind,
              [
                ...new Set(
                  page.filter(r => r.cluster === c).map(r => r.hostname),
                ),
              ],
              buckets.bucketSeconds,
            ),
          {
            start: buckets.start + buckets.bucketSeconds,
            end: buckets.end,
            step: buckets.bucketSeconds,
          },
        ),
    );
    const series = new Map<string, Map<number, number>>();
    for (const { cluster: c, value } of read.results) {
      for (const s of value) {
        const { Hostname, gpu, UUID } = s.metric;
        series.set(
          rowKind === 'node'
            ? rowKey(c, Hostname)
            : rowKey(c, Hostname, gpu, UUID),
          new Map(s.values),
        );
      }
    }
    const failed = new Set(read.errors.map(e => e.cluster));
    const rows: HeatmapRow[] = page
      .filter(r => !failed.has(r.cluster))
      .map(r => {
        const byTime =
          series.get(rowKey(r.cluster, r.hostname, r.gpu, r.uuid)) ??
          new Map<number, number>();
        const values: Array<number | null> = [];
        for (let i = 1; i <= buckets.columns; i++) {
          values.push(
            byTime.get(buckets.start + i * buckets.bucketSeconds) ?? null,
          );
        }
        return {
          cluster: r.cluster,
          hostname: r.hostname,
          ...(r.gpu === undefined ? {} : { gpu: r.gpu }),
          modelName: [...r.models].sort().join(', '),
          gpus: r.gpus,
          mean: r.sum / r.count,
          values,
        };
      });
    return {
      start: buckets.start,
      end: buckets.end,
      bucketSeconds: buckets.bucketSeconds,
      rowKind,
      rows,
      total: all.length,
      offset,
      limit,
      errors: [...listed.errors, ...read.errors],
    };
  }
}
