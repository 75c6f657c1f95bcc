import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { Organisation } from '../catalog/CatalogOrganisation';
import { entityRefParameter } from '../querySchemas';
import { GpuMetricsConfig } from '../config/GpuMetricsConfig';
import { PodLister, WorkloadPod } from '../kubernetes/KubernetesPods';
import {
  AnnotationError,
  WorkloadSelector,
  workloadSelector,
} from '../kubernetes/workloadSelector';
import { GpuQueries, PodsByNamespace } from '../prometheus/GpuQueries';
import {
  PrometheusClient,
  PrometheusQuerier,
} from '../prometheus/PrometheusClient';
import {
  ClusterError,
  EntityError,
  EntityUsage,
  FleetHeatmap,
  FleetUsage,
  GroupUsage,
  IdleGpu,
  UsageAggregate,
  UsageSample,
  UsageWindow,
  gpuFleetReadPermission,
  gpuUsageReadPermission,
} from '@ai-platform/plugin-gpu-metrics-common';
import { classOfModel, recommendRightsizing } from './rightsizing';
import { windowRange } from './windows';
import { attributeIdleGpus } from './idleOwners';

/**
 * What the router and the actions ask of the plugin. Every method checks the
 * caller's permission: usage reads `gpuUsageReadPermission` for the entity or
 * group, the fleet and heat map `gpuFleetReadPermission` (403 otherwise).
 */
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
  heatmap(
    window: UsageWindow,
    cluster: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<FleetHeatmap>;
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
      organisation: Organisation;
      permissions: PermissionsService;
      logger: LoggerService;
      now: () => number;
    },
  ) {}

  /** The service over configured Prometheus servers and Kubernetes clusters. */
  static create(options: {
    config: GpuMetricsConfig;
    pods: PodLister;
    catalog: CatalogService;
    /** The Group tree and owners, read with the plugin's own credentials. */
    organisation: Organisation;
    permissions: PermissionsService;
    logger: LoggerService;
    /** The clock, for tests over recorded history. */
    now?: () => number;
  }): GpuMetricsService {
    return new GpuMetricsService({ now: () => Date.now(), ...options });
  }

  /** Whether the caller may read the usage of the entity or group `ref`. */
  private async requireUsageRead(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: gpuUsageReadPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not read the GPU usage of ${ref}: it is visible to the members of its owning team and of the groups above it, and to fleet viewers`,
      );
    }
  }

  private async requireFleetRead(
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: gpuFleetReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        "You may not read the fleet's GPU usage: it is visible to the groups of gpuMetrics.fleetViewers",
      );
    }
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
        configuredAs: source.cluster,
        logger: this.options.logger,
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

  /** The pods of each entity (by ref), on every cluster. */
  private async findPods(
    selectors: Array<{ ref: string; selector: WorkloadSelector }>,
  ): Promise<{ pods: Map<string, WorkloadPod[]>; errors: ClusterError[] }> {
    const pods = new Map<string, WorkloadPod[]>(
      selectors.map(s => [s.ref, []]),
    );
    const { errors } = await this.listOn(async cluster => {
      for (const { ref, selector } of selectors) {
        const found = await this.options.pods.listPods(cluster, selector);
        pods.get(ref)!.push(...found);
      }
    });
    return { pods, errors };
  }

  /**
   * Runs `fn` on every Kubernetes cluster; a failure becomes an error naming
   * the cluster (the detail, which may hold the cluster's URL, is logged).
   */
  private async listOn(
    fn: (cluster: string) => Promise<void>,
  ): Promise<{ errors: ClusterError[] }> {
    const clusters = this.options.pods.clusters();
    const settled = await Promise.allSettled(clusters.map(fn));
    const errors: ClusterError[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'rejected') {
        const code = (s.reason as { code?: unknown })?.code;
        this.options.logger.warn('Listing pods failed', {
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
    const ref = entityRefParameter('entityRef', entityRef);
    await this.requireUsageRead(ref, credentials);
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    const selector = workloadSelector(entity);
    const range = windowRange(window, this.options.now());
    const found = await this.findPods(selector ? [{ ref, selector }] : []);
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

  /**
   * The entities a group roll-up counts: each owned entity's selector, with
   * entities whose annotations are malformed skipped (and reported), and at
   * most `maxEntitiesPerGroup` entities with workloads, first by ref.
   */
  private rollUpSelectors(owned: Entity[]): {
    selectors: Array<{ ref: string; selector?: WorkloadSelector }>;
    entityErrors: EntityError[];
    truncated: GroupUsage['truncated'];
  } {
    const limit = this.options.config.maxEntitiesPerGroup;
    const entityErrors: EntityError[] = [];
    const withWorkloads: Array<{ ref: string; selector: WorkloadSelector }> =
      [];
    const without: Array<{ ref: string }> = [];
    for (const entity of owned) {
      const ref = stringifyEntityRef(entity);
      try {
        const selector = workloadSelector(entity);
        if (selector) withWorkloads.push({ ref, selector });
        else without.push({ ref });
      } catch (error) {
        if (!(error instanceof AnnotationError)) throw error;
        entityErrors.push({
          entityRef: ref,
          annotation: error.annotation,
          message: error.message,
        });
      }
    }
    const byRef = (a: { ref: string }, b: { ref: string }) =>
      entityRefKey(a.ref).localeCompare(entityRefKey(b.ref));
    withWorkloads.sort(byRef);
    entityErrors.sort((a, b) =>
      entityRefKey(a.entityRef).localeCompare(entityRefKey(b.entityRef)),
    );
    const truncated =
      withWorkloads.length > limit
        ? { limit, total: withWorkloads.length }
        : null;
    if (truncated) {
      this.options.logger.warn(
        'Group roll-up cut at gpuMetrics.maxEntitiesPerGroup',
        { ...truncated },
      );
    }
    return {
      selectors: [...withWorkloads.slice(0, limit), ...without.sort(byRef)],
      entityErrors,
      truncated,
    };
  }

  async groupUsage(
    groupRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<GroupUsage> {
    const { catalog, organisation } = this.options;
    const ref = entityRefParameter('groupRef', groupRef);
    if (!ref.startsWith('group:')) throw new NotFoundError(`No group ${ref}`);
    await this.requireUsageRead(ref, credentials);
    const group = await catalog.getEntityByRef(ref, { credentials });
    if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new NotFoundError(`No group ${ref}`);
    }
    const refs = await organisation.descendants(ref);
    const { items: owned } = await catalog.getEntities(
      {
        filter: { 'relations.ownedBy': refs },
        fields: ['kind', 'metadata', 'spec.owner', 'relations'],
      },
      { credentials },
    );
    const { selectors, entityErrors, truncated } = this.rollUpSelectors(
      owned.filter(e => e.kind.toLocaleLowerCase('en-US') !== 'group'),
    );
    const range = windowRange(window, this.options.now());
    const found = await this.findPods(
      selectors.flatMap(s =>
        s.selector ? [{ ...s, selector: s.selector }] : [],
      ),
    );
    const unique = new Map<string, WorkloadPod>();
    for (const p of [...found.pods.values()].flat()) {
      unique.set(podKey(p.cluster, p.namespace, p.pod), p);
    }
    const pods = [...unique.values()];
    const usage = await this.deviceRows(pods, range);
    const errors = [...found.errors, ...usage.errors];
    const entities = selectors.map(({ ref: entityRef }) => {
      const entityPods = found.pods.get(entityRef) ?? [];
      const keys = new Set(
        entityPods.map(p => podKey(p.cluster, p.namespace, p.pod)),
      );
      const part = this.aggregate(
        window,
        range,
        entityPods,
        usage.rows.filter(r => keys.has(podKey(r.cluster, r.namespace, r.pod))),
        new Map(),
        [],
      );
      return {
        entityRef,
        gpusHeld: part.gpusHeld,
        utilisationMean: part.utilisation.mean,
        idleGpuHours: part.idleGpuHours,
      };
    });
    return {
      groupRef: stringifyEntityRef(group),
      ...this.aggregate(window, range, pods, usage.rows, usage.series, errors),
      entities,
      entityErrors,
      truncated,
    };
  }

  async fleet(
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<FleetUsage> {
    await this.requireFleetRead(credentials);
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

  async heatmap(
    window: UsageWindow,
    cluster: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<FleetHeatmap> {
    await this.requireFleetRead(credentials);
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
