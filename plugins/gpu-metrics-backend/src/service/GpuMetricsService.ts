import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { GpuMetricsConfig } from '../config/GpuMetricsConfig';
import { PodLister, WorkloadPod } from '../kubernetes/KubernetesPods';
import { workloadSelector } from '../kubernetes/workloadSelector';
import { GpuQueries, PodsByNamespace } from '../prometheus/GpuQueries';
import {
  PrometheusClient,
  PrometheusQuerier,
} from '../prometheus/PrometheusClient';
import {
  ClusterError,
  EntityUsage,
  FleetHeatmap,
  FleetUsage,
  GroupUsage,
  IdleGpu,
  UsageAggregate,
  UsageSample,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { classOfModel, recommendRightsizing } from './rightsizing';
import { windowRange } from './windows';
import { attributeIdleGpus } from './idleOwners';

/** What the router asks of the plugin. */
export interface GpuMetricsApi {
  entityUsage(
    entityRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<EntityUsage>;
  groupUsage(
    groupRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<GroupUsage>;
  fleet(
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<FleetUsage>;
  heatmap(window: UsageWindow, cluster?: string): Promise<FleetHeatmap>;
}

/** One pod's use of one device over the window. */
interface DeviceRow {
  cluster: string;
  namespace: string;
  pod: string;
  device: string;
  modelName: string;
  migProfile?: string;
  values: Record<string, number>;
}

type Range = ReturnType<typeof windowRange>;

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

function podKey(cluster: string, namespace: string, pod: string): string {
  return `${cluster}\u0000${namespace}\u0000${pod}`;
}

function deviceOf(metric: Record<string, string>): string {
  return [metric.Hostname, metric.gpu, metric.UUID, metric.GPU_I_ID ?? ''].join(
    '/',
  );
}

function ratio(sum: number, count: number): number | null {
  return count > 0 ? sum / count : null;
}

/** Prometheus' `quantile`: linear interpolation between closest ranks. */
export function quantile(phi: number, values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = phi * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = rank - lower;
  return sorted[lower] * (1 - weight) + sorted[upper] * weight;
}

/**
 * GPU usage of entities, groups and the fleet from dcgm-exporter metrics in
 * Prometheus, with pods found through the Kubernetes API.
 */
export class GpuMetricsService implements GpuMetricsApi {
  private readonly queriers = new Map<string, PrometheusQuerier>();

  private constructor(
    private readonly options: {
      config: GpuMetricsConfig;
      pods: PodLister;
      catalog: CatalogService;
      logger: LoggerService;
      now: () => number;
    },
  ) {}

  /** The service over configured Prometheus servers and Kubernetes clusters. */
  static create(options: {
    config: GpuMetricsConfig;
    pods: PodLister;
    catalog: CatalogService;
    logger: LoggerService;
    /** The clock, for tests over recorded history. */
    now?: () => number;
  }): GpuMetricsService {
    return new GpuMetricsService({ now: () => Date.now(), ...options });
  }

  /** Clusters with a Prometheus. */
  private prometheusClusters(): string[] {
    const named = this.options.config.prometheus
      .map(p => p.cluster)
      .filter(c => c !== '*');
    const wildcard = this.options.config.prometheus.some(
      p => p.cluster === '*',
    );
    return [
      ...new Set([...named, ...(wildcard ? this.options.pods.clusters() : [])]),
    ];
  }

  private querier(cluster: string): PrometheusQuerier {
    const { config } = this.options;
    let querier = this.queriers.get(cluster);
    if (!querier) {
      const source =
        config.prometheus.find(p => p.cluster === cluster) ??
        config.prometheus.find(p => p.cluster === '*');
      if (!source) {
        throw new Error(`No Prometheus configured for cluster '${cluster}'`);
      }
      querier = PrometheusClient.create({
        cluster,
        url: source.url,
        headers: source.headers,
        cacheTtlMs: config.cacheTtlMs,
        timeoutMs: config.timeoutMs,
      });
      this.queriers.set(cluster, querier);
    }
    return querier;
  }

  private queries(cluster: string): GpuQueries {
    const { metrics, clusterLabel } = this.options.config;
    return GpuQueries.forCluster({ metrics, clusterLabel, cluster });
  }

  /**
   * Runs `fn` for each cluster; failures become `errors[]`, and when every
   * cluster was unavailable the whole request is a 503.
   */
  private async perCluster<T>(
    clusters: string[],
    fn: (cluster: string) => Promise<T>,
  ): Promise<{
    results: Array<{ cluster: string; value: T }>;
    errors: ClusterError[];
  }> {
    const settled = await Promise.allSettled(clusters.map(c => fn(c)));
    const results: Array<{ cluster: string; value: T }> = [];
    const errors: ClusterError[] = [];
    const unavailable: string[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') {
        results.push({ cluster: clusters[i], value: s.value });
      } else {
        const message = String(s.reason?.message ?? s.reason);
        errors.push({ cluster: clusters[i], message });
        if (s.reason instanceof ServiceUnavailableError) {
          unavailable.push(message);
        }
        this.options.logger.warn('GPU metrics of a cluster failed', {
          cluster: clusters[i],
          error: message,
        });
      }
    });
    if (clusters.length > 0 && unavailable.length === clusters.length) {
      throw new ServiceUnavailableError(unavailable.join('; '));
    }
    return { results, errors };
  }

  private async findPods(
    entities: Entity[],
  ): Promise<{ pods: Map<string, WorkloadPod[]>; errors: ClusterError[] }> {
    const selectors = entities.map(e => ({
      ref: stringifyEntityRef(e),
      selector: workloadSelector(e),
    }));
    const pods = new Map<string, WorkloadPod[]>(
      selectors.map(s => [s.ref, []]),
    );
    const { errors } = await this.listOn(async cluster => {
      for (const { ref, selector } of selectors) {
        if (!selector) continue;
        const found = await this.options.pods.listPods(cluster, selector);
        pods.get(ref)!.push(...found);
      }
    });
    return { pods, errors };
  }

  private async listOn(
    fn: (cluster: string) => Promise<void>,
  ): Promise<{ errors: ClusterError[] }> {
    const clusters = this.options.pods.clusters();
    const settled = await Promise.allSettled(clusters.map(fn));
    const errors: ClusterError[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'rejected') {
        errors.push({
          cluster: clusters[i],
          message: `Listing pods failed: ${String(
            s.reason?.message ?? s.reason,
          )}`,
        });
      }
    });
    return { errors };
  }

  private async deviceRows(
    pods: WorkloadPod[],
    range: Range,
  ): Promise<{
    rows: DeviceRow[];
    series: Map<number, { uSum: number; uCount: number; mem: number }>;
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
    const { idleUtilisationBelow } = this.options.config;
    const series = new Map<
      number,
      { uSum: number; uCount: number; mem: number }
    >();
    const { results, errors } = await this.perCluster(
      [...byCluster.keys()],
      async cluster => {
        const querier = this.querier(cluster);
        const queries = this.queries(cluster);
        const selected = byCluster.get(cluster)!;
        const aggregates = queries.podAggregates(
          selected,
          range,
          idleUtilisationBelow,
        );
        const rows = new Map<string, DeviceRow>();
        const devices = await querier.instant(aggregates.devices, range.end);
        for (const s of devices) {
          const key = `${s.metric.namespace}/${s.metric.pod}/${deviceOf(
            s.metric,
          )}`;
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
        await Promise.all(
          AGGREGATE_KEYS.map(async name => {
            for (const s of await querier.instant(
              aggregates[name],
              range.end,
            )) {
              const row = rows.get(
                `${s.metric.namespace}/${s.metric.pod}/${deviceOf(s.metric)}`,
              );
              if (row) row.values[name] = s.value;
            }
          }),
        );
        const over = queries.podSeries(selected);
        const [uSum, uCount, mem] = await Promise.all(
          [over.utilSum, over.utilCount, over.memSum].map(q =>
            querier.range(q, range),
          ),
        );
        return { rows: [...rows.values()], uSum, uCount, mem };
      },
    );
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

  private aggregate(
    window: UsageWindow,
    range: Range,
    pods: WorkloadPod[],
    rows: DeviceRow[],
    series: Map<number, { uSum: number; uCount: number; mem: number }>,
    errors: ClusterError[],
  ): UsageAggregate {
    const sum = (key: string) =>
      rows.reduce((total, r) => total + (r.values[key] ?? 0), 0);
    const max = (key: string) => {
      const values = rows
        .map(r => r.values[key])
        .filter((v): v is number => v !== undefined);
      return values.length ? Math.max(...values) : null;
    };
    const byDevice = new Map<string, DeviceRow[]>();
    for (const r of rows) {
      const key = `${r.cluster}/${r.device}`;
      byDevice.set(key, [...(byDevice.get(key) ?? []), r]);
    }
    const perDeviceMax = (key: string) =>
      [...byDevice.values()].reduce(
        (total, rs) => total + Math.max(0, ...rs.map(r => r.values[key] ?? 0)),
        0,
      );
    const points: UsageSample[] = [];
    for (let t = range.start; t <= range.end; t += range.step) {
      const p = series.get(t);
      points.push({
        t,
        utilisation: p && p.uCount > 0 ? p.uSum / p.uCount : null,
        memoryUsedMiB: p && !Number.isNaN(p.mem) ? p.mem : null,
      });
    }
    const smCount = sum('smCount');
    const utilMax = max('utilMax');
    const memMax = max('memMax');
    const gpusHeld = byDevice.size;
    return {
      window,
      stepSeconds: range.step,
      gpusHeld,
      workloads: pods.map(p => ({
        ...p,
        gpus: new Set(
          rows
            .filter(
              r =>
                r.cluster === p.cluster &&
                r.namespace === p.namespace &&
                r.pod === p.pod,
            )
            .map(r => r.device),
        ).size,
      })),
      utilisation: {
        mean: ratio(sum('utilSum'), sum('utilCount')),
        max: utilMax,
      },
      memoryUsedMiB: {
        mean: ratio(sum('memSum'), sum('memCount')),
        max: memMax,
      },
      memoryTotalMiB: perDeviceMax('memTotal'),
      smActive: smCount > 0 ? { mean: sum('smSum') / smCount } : null,
      powerWatts: { mean: ratio(sum('powerSum'), sum('powerCount')) },
      xidErrors: perDeviceMax('xid'),
      idleGpuHours: (sum('idleSteps') * range.step) / 3600,
      series: points,
      rightsizing: this.rightsizing(rows, gpusHeld, utilMax, memMax),
      errors,
    };
  }

  private rightsizing(
    rows: DeviceRow[],
    gpus: number,
    peakUtilisation: number | null,
    peakMemoryMiB: number | null,
  ) {
    const models = new Set(rows.map(r => r.modelName));
    if (
      gpus === 0 ||
      models.size !== 1 ||
      rows.some(r => r.migProfile) ||
      peakUtilisation === null ||
      peakMemoryMiB === null
    ) {
      return null;
    }
    const classes = this.options.config.gpuClasses;
    const current = classOfModel(classes, [...models][0]);
    if (!current) return null;
    return recommendRightsizing({
      classes,
      current,
      gpus,
      peakMemoryMiB,
      peakUtilisation,
    });
  }

  async entityUsage(
    entityRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<EntityUsage> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const range = windowRange(window, this.options.now());
    const found = await this.findPods([entity]);
    const pods = [...found.pods.values()].flat();
    const usage = await this.deviceRows(pods, range);
    return {
      entityRef: stringifyEntityRef(entity),
      ...this.aggregate(window, range, pods, usage.rows, usage.series, [
        ...found.errors,
        ...usage.errors,
      ]),
    };
  }

  async groupUsage(
    groupRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<GroupUsage> {
    const { catalog } = this.options;
    const group = await catalog.getEntityByRef(groupRef, { credentials });
    if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new NotFoundError(`No group ${groupRef}`);
    }
    const { items: groups } = await catalog.getEntities(
      { filter: { kind: 'Group' } },
      { credentials },
    );
    const parentOf = (g: Entity): string | undefined => {
      const relation = g.relations?.find(r => r.type === 'childOf');
      if (relation) return relation.targetRef;
      const parent = (g.spec as { parent?: unknown } | undefined)?.parent;
      return typeof parent === 'string'
        ? stringifyEntityRef(
            parseEntityRef(parent, {
              defaultKind: 'group',
              defaultNamespace: g.metadata.namespace ?? 'default',
            }),
          )
        : undefined;
    };
    const refs = new Set([stringifyEntityRef(group)]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const g of groups) {
        const ref = stringifyEntityRef(g);
        const parent = parentOf(g);
        if (!refs.has(ref) && parent && refs.has(parent)) {
          refs.add(ref);
          grew = true;
        }
      }
    }
    const { items: owned } = await catalog.getEntities(
      { filter: { 'relations.ownedBy': [...refs] } },
      { credentials },
    );
    const range = windowRange(window, this.options.now());
    const found = await this.findPods(owned);
    const unique = new Map<string, WorkloadPod>();
    for (const p of [...found.pods.values()].flat()) {
      unique.set(podKey(p.cluster, p.namespace, p.pod), p);
    }
    const pods = [...unique.values()];
    const usage = await this.deviceRows(pods, range);
    const errors = [...found.errors, ...usage.errors];
    const entities = [...found.pods.entries()].map(
      ([entityRef, entityPods]) => {
        const keys = new Set(
          entityPods.map(p => podKey(p.cluster, p.namespace, p.pod)),
        );
        const part = this.aggregate(
          window,
          range,
          entityPods,
          usage.rows.filter(r =>
            keys.has(podKey(r.cluster, r.namespace, r.pod)),
          ),
          new Map(),
          [],
        );
        return {
          entityRef,
          gpusHeld: part.gpusHeld,
          utilisationMean: part.utilisation.mean,
          idleGpuHours: part.idleGpuHours,
        };
      },
    );
    return {
      groupRef: stringifyEntityRef(group),
      ...this.aggregate(window, range, pods, usage.rows, usage.series, errors),
      entities,
    };
  }

  async fleet(
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<FleetUsage> {
    const range = windowRange(window, this.options.now());
    const { config } = this.options;
    const { results, errors } = await this.perCluster(
      this.prometheusClusters(),
      async cluster => {
        const querier = this.querier(cluster);
        const queries = this.queries(cluster);
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
      const byModel = new Map<string, number[]>();
      for (const s of value.means) {
        const model = s.metric.modelName ?? '';
        byModel.set(model, [...(byModel.get(model) ?? []), s.value]);
      }
      for (const [modelName, values] of [...byModel.entries()].sort()) {
        clusters.push({
          cluster,
          modelName,
          gpus: values.length,
          utilisation: {
            mean: values.reduce((a, b) => a + b, 0) / values.length,
            p50: quantile(0.5, values),
            p90: quantile(0.9, values),
          },
          histogram: Array.from({ length: 10 }, (_, i) => ({
            from: i * 10,
            to: (i + 1) * 10,
            count: values.filter(v =>
              i === 9 ? v >= 90 : v >= i * 10 && v < (i + 1) * 10,
            ).length,
          })),
        });
      }
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

  async heatmap(window: UsageWindow, cluster?: string): Promise<FleetHeatmap> {
    const known = this.prometheusClusters();
    if (cluster !== undefined && !known.includes(cluster)) {
      throw new InputError(
        `cluster must be one of ${known.join(', ') || '(none configured)'}`,
      );
    }
    const range = windowRange(window, this.options.now());
    const { results, errors } = await this.perCluster(
      cluster ? [cluster] : known,
      c => this.querier(c).range(this.queries(c).heatmap(), range),
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
