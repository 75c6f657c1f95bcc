import { GpuMetricNames } from '../config/GpuMetricsConfig';
import { promqlAlternation, promqlString, windowStepsRange } from './promql';

/** Pods by namespace, as the Kubernetes API named them. */
export type PodsByNamespace = Map<string, string[]>;

/** Labels that identify one GPU or MIG instance within a cluster. */
const DEVICE = 'Hostname, gpu, UUID, GPU_I_ID, modelName, GPU_I_PROFILE';
const GPU = 'Hostname, gpu, UUID, modelName';

/**
 * NVML has no utilisation for MIG instances, so dcgm-exporter reports none;
 * their graphics-engine activity (a 0–1 ratio) stands in, as a percentage.
 */
const MIG_INSTANCE = 'GPU_I_ID!=""';

/**
 * The series the `gpu-metrics.rollups` rules record each hour per pod and
 * device (prometheus/gpu-metrics.rules.yml); the names are fixed there.
 */
export const ROLL_UPS = {
  utilSum: 'pod_gpu:dcgm_utilisation:sum_1h',
  utilCount: 'pod_gpu:dcgm_utilisation:count_1h',
  utilMax: 'pod_gpu:dcgm_utilisation:max_1h',
  memSum: 'pod_gpu:dcgm_fb_used_mib:sum_1h',
  memCount: 'pod_gpu:dcgm_fb_used_mib:count_1h',
  memMax: 'pod_gpu:dcgm_fb_used_mib:max_1h',
  memTotal: 'pod_gpu:dcgm_fb_total_mib:last_1h',
  smSum: 'pod_gpu:dcgm_gr_engine_active:sum_1h',
  smCount: 'pod_gpu:dcgm_gr_engine_active:count_1h',
  powerSum: 'pod_gpu:dcgm_power_watts:sum_1h',
  powerCount: 'pod_gpu:dcgm_power_watts:count_1h',
  xid: 'pod_gpu:dcgm_xid_errors:max_1h',
  idleMinutes: 'pod_gpu:dcgm_idle_minutes:count_1h',
} as const;

/**
 * Builds every PromQL expression the plugin runs. Label values only come from
 * the Kubernetes API (namespace and pod names) or config, and reach the text
 * only through {@link promqlString} and {@link promqlAlternation}.
 */
export class GpuQueries {
  private constructor(
    private readonly options: {
      metrics: GpuMetricNames;
      clusterLabel?: string;
      cluster: string;
    },
  ) {}

  /** The expressions for one cluster. */
  static forCluster(options: {
    metrics: GpuMetricNames;
    clusterLabel?: string;
    cluster: string;
  }): GpuQueries {
    return new GpuQueries(options);
  }

  private clusterMatcher(): string[] {
    const { clusterLabel, cluster } = this.options;
    return clusterLabel ? [`${clusterLabel}=${promqlString(cluster)}`] : [];
  }

  /** Selectors of `metric` for the given pods, one per namespace. */
  podSelectors(
    metric: keyof GpuMetricNames,
    pods: PodsByNamespace,
    extraMatchers: string[] = [],
  ): string[] {
    return this.podSelectorsOf(
      this.options.metrics[metric],
      pods,
      extraMatchers,
    );
  }

  /** Selectors of the metric `name` (config's or a roll-up's) for the given pods. */
  private podSelectorsOf(
    name: string,
    pods: PodsByNamespace,
    extraMatchers: string[] = [],
  ): string[] {
    const parts = [...pods.entries()]
      .filter(([, names]) => names.length > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([namespace, names]) => {
        const matchers = [
          ...this.clusterMatcher(),
          `namespace=${promqlString(namespace)}`,
          `pod=~${promqlAlternation([...new Set(names)].sort())}`,
          ...extraMatchers,
        ];
        return `${name}{${matchers.join(',')}}`;
      });
    if (parts.length === 0) throw new Error('No pods to select');
    return parts;
  }

  /** `metric` restricted to the given pods, the namespaces joined with `or`. */
  selectPods(
    metric: keyof GpuMetricNames,
    pods: PodsByNamespace,
    extraMatchers: string[] = [],
  ): string {
    const parts = this.podSelectors(metric, pods, extraMatchers);
    return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
  }

  /**
   * `fn` applied to each namespace's selector of `metric`, joined with `or`
   * (range functions take only plain selectors; the namespaces' series are
   * disjoint).
   */
  private overPods(
    metric: keyof GpuMetricNames,
    pods: PodsByNamespace,
    fn: (selector: string, index: number) => string,
  ): string {
    const parts = this.podSelectors(metric, pods).map(fn);
    return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
  }

  /**
   * Utilisation (0–100) of the given pods' GPUs: DCGM's utilisation, or for
   * MIG instances their graphics-engine activity.
   */
  podUtilisation(pods: PodsByNamespace): string {
    return `(${this.selectPods('utilisation', pods)} or 100 * ${this.selectPods(
      'smActive',
      pods,
      [MIG_INSTANCE],
    )})`;
  }

  /**
   * `fn` over the window of each pod GPU's utilisation (see
   * {@link GpuQueries.podUtilisation}), plain selectors being what range
   * functions take; `scale` multiplies the MIG ratio into a percentage.
   */
  private overUtilisation(
    pods: PodsByNamespace,
    fn: string,
    window: string,
    scale: boolean,
  ): string {
    const whole = this.podSelectors('utilisation', pods).map(
      sel => `${fn}(${sel}${window})`,
    );
    const mig = this.podSelectors('smActive', pods, [MIG_INSTANCE]).map(
      sel => `${scale ? '100 * ' : ''}${fn}(${sel}${window})`,
    );
    return `(${[...whole, ...mig].join(' or ')})`;
  }

  /** Every series of `metric` in the cluster. */
  selectAll(
    metric: keyof GpuMetricNames,
    extraMatchers: string[] = [],
  ): string {
    const matchers = [...this.clusterMatcher(), ...extraMatchers];
    return `${this.options.metrics[metric]}${
      matchers.length ? `{${matchers.join(',')}}` : ''
    }`;
  }

  /** Series of GPUs a pod holds: pod labels outside the exporter's own namespace. */
  selectHeld(
    metric: keyof GpuMetricNames,
    exporterNamespace: string,
    extraMatchers: string[] = [],
  ): string {
    const matchers = [
      ...this.clusterMatcher(),
      'pod!=""',
      `namespace!=${promqlString(exporterNamespace)}`,
      ...extraMatchers,
    ];
    return `${this.options.metrics[metric]}{${matchers.join(',')}}`;
  }

  /** Per pod and device: the aggregates an entity's figures are summed from. */
  podAggregates(
    pods: PodsByNamespace,
    range: { seconds: number; step: number },
    idleBelow: number,
  ): Record<string, string> {
    const w = `[${range.seconds}s]`;
    const steps = windowStepsRange(range);
    const by = `by (namespace, pod, ${DEVICE})`;
    const over = (metric: keyof GpuMetricNames, fn: string): string =>
      this.overPods(metric, pods, sel => `${fn}(${sel}${w})`);
    const free = this.podSelectors('memoryFree', pods);
    const u = this.podUtilisation(pods);
    const util = (fn: string, scale: boolean) =>
      this.overUtilisation(pods, fn, w, scale);
    return {
      utilSum: `sum ${by} (${util('sum_over_time', true)})`,
      utilCount: `sum ${by} (${util('count_over_time', false)})`,
      utilMax: `max ${by} (${util('max_over_time', true)})`,
      memSum: `sum ${by} (${over('memoryUsed', 'sum_over_time')})`,
      memCount: `sum ${by} (${over('memoryUsed', 'count_over_time')})`,
      memMax: `max ${by} (${over('memoryUsed', 'max_over_time')})`,
      memTotal: `max ${by} (${this.overPods(
        'memoryUsed',
        pods,
        (sel, i) =>
          `last_over_time(${sel}${w}) + last_over_time(${free[i]}${w})`,
      )})`,
      smSum: `sum ${by} (${over('smActive', 'sum_over_time')})`,
      smCount: `sum ${by} (${over('smActive', 'count_over_time')})`,
      powerSum: `sum ${by} (${over('power', 'sum_over_time')})`,
      powerCount: `sum ${by} (${over('power', 'count_over_time')})`,
      xid: `max ${by} (${over('xid', 'max_over_time')} > bool 0)`,
      idleSteps: `sum ${by} (count_over_time((${u} < ${idleBelow})${steps}))`,
    };
  }

  /**
   * The same aggregates as {@link GpuQueries.podAggregates}, read from the
   * hourly roll-ups of the `gpu-metrics.rollups` rules: a 30-day window
   * sums 720 points per device instead of 43,200 samples at 60 s. The
   * roll-ups in the window cover its whole hours up to the last evaluation
   * (Prometheus offsets a group's evaluations within its interval), so the
   * figures are those of the window moved back by less than an hour.
   * `idleSteps` is scaled from the roll-ups' idle minutes to `range.step`s,
   * so the caller turns both into hours alike.
   */
  podRollUps(
    pods: PodsByNamespace,
    range: { seconds: number; step: number },
  ): Record<string, string> {
    // One second short, so a roll-up at the very start of the window (whose
    // hour lies before it) is out, in Prometheus 2 (closed ranges) as in 3.
    const w = `[${range.seconds - 1}s]`;
    const by = `by (namespace, pod, ${DEVICE})`;
    const over = (name: string, fn: string): string => {
      const parts = this.podSelectorsOf(name, pods).map(
        sel => `${fn}(${sel}${w})`,
      );
      return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
    };
    const sum = (name: string) => `sum ${by} (${over(name, 'sum_over_time')})`;
    const max = (name: string) => `max ${by} (${over(name, 'max_over_time')})`;
    return {
      utilSum: sum(ROLL_UPS.utilSum),
      utilCount: sum(ROLL_UPS.utilCount),
      utilMax: max(ROLL_UPS.utilMax),
      memSum: sum(ROLL_UPS.memSum),
      memCount: sum(ROLL_UPS.memCount),
      memMax: max(ROLL_UPS.memMax),
      memTotal: `max ${by} (${over(ROLL_UPS.memTotal, 'last_over_time')})`,
      smSum: sum(ROLL_UPS.smSum),
      smCount: sum(ROLL_UPS.smCount),
      powerSum: sum(ROLL_UPS.powerSum),
      powerCount: sum(ROLL_UPS.powerCount),
      xid: `max ${by} (${over(ROLL_UPS.xid, 'max_over_time')} > bool 0)`,
      idleSteps: `${sum(ROLL_UPS.idleMinutes)} * 60 / ${range.step}`,
    };
  }

  /** Over time: the sum and count of utilisation and the sum of memory used. */
  podSeries(pods: PodsByNamespace): Record<string, string> {
    return {
      utilSum: `sum(${this.podUtilisation(pods)})`,
      utilCount: `count(${this.podUtilisation(pods)})`,
      memSum: `sum(${this.selectPods('memoryUsed', pods)})`,
    };
  }

  /** Each GPU's mean utilisation over the window. */
  gpuMeans(seconds: number): string {
    const mean = (sel: string) =>
      `sum by (${GPU}) (sum_over_time(${sel}[${seconds}s])) / sum by (${GPU}) (count_over_time(${sel}[${seconds}s]))`;
    // A GPU in MIG mode: the mean activity of its instances.
    return `(${mean(this.selectAll('utilisation'))}) or 100 * (${mean(
      this.selectAll('smActive', [MIG_INSTANCE]),
    )})`;
  }

  /**
   * Held GPUs below `below` % on every sample of the window, held below it
   * for at least `forAtLeastSeconds`; the value is those hours.
   */
  idleGpus(options: {
    seconds: number;
    step: number;
    below: number;
    forAtLeastSeconds: number;
    exporterNamespace: string;
  }): string {
    const held = this.selectHeld('utilisation', options.exporterNamespace);
    const heldMig = this.selectHeld('smActive', options.exporterNamespace, [
      MIG_INSTANCE,
    ]);
    const { seconds, step, below } = options;
    const steps = windowStepsRange({ seconds, step });
    return (
      `count_over_time(((${held} or 100 * ${heldMig}) < ${below})${steps}) * ${step} / 3600 >= ${
        options.forAtLeastSeconds / 3600
      }` +
      ` unless (max_over_time(${held}[${seconds}s]) >= ${below}` +
      ` or 100 * max_over_time(${heldMig}[${seconds}s]) >= ${below})`
    );
  }

  /**
   * Per GPU, `fn` (`sum_over_time` or `count_over_time`) of its utilisation
   * samples over `range`, of the given nodes only when `hostnames` is given.
   * A GPU's samples are DCGM's utilisation or, for a GPU in MIG mode (which
   * has none), its instances' graphics-engine activity as a percentage; its
   * series are summed, so a GPU that changed holders counts every sample
   * once.
   */
  private perGpu(
    fn: 'sum_over_time' | 'count_over_time',
    range: string,
    hostnames?: string[],
  ): string {
    const nodes = hostnames
      ? [
          hostnames.length === 1
            ? `Hostname=${promqlString(hostnames[0])}`
            : `Hostname=~${promqlAlternation(hostnames)}`,
        ]
      : [];
    const whole = this.selectAll('utilisation', nodes);
    const mig = this.selectAll('smActive', [...nodes, MIG_INSTANCE]);
    const scale = fn === 'sum_over_time' ? '100 * ' : '';
    return `(sum by (${GPU}) (${fn}(${whole}[${range}])) or ${scale}sum by (${GPU}) (${fn}(${mig}[${range}])))`;
  }

  /**
   * The sum and the count of each GPU's utilisation samples over the last
   * `seconds`: the heat map's rows and their means.
   */
  heatmapTotals(seconds: number): { sum: string; count: string } {
    return {
      sum: this.perGpu('sum_over_time', `${seconds}s`),
      count: this.perGpu('count_over_time', `${seconds}s`),
    };
  }

  /**
   * The mean utilisation of the given nodes' samples over the
   * `bucketSeconds` before each step, per GPU or per node: the sum of
   * their samples over their count, so every sample weighs alike.
   */
  heatmapBucketMeans(
    rowKind: 'node' | 'gpu',
    hostnames: string[],
    bucketSeconds: number,
  ): string {
    const by = rowKind === 'node' ? 'Hostname' : GPU;
    const range = `${bucketSeconds}s`;
    return `sum by (${by}) (${this.perGpu(
      'sum_over_time',
      range,
      hostnames,
    )}) / sum by (${by}) (${this.perGpu('count_over_time', range, hostnames)})`;
  }
}
