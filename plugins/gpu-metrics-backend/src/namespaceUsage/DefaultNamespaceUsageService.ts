import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  NamespaceUsage,
  NamespaceUsageList,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { InstantSample } from '../prometheus/PrometheusClient';
import { GpuUsageAccess } from '../service/GpuUsageAccess';
import { PrometheusClusters } from '../service/PrometheusClusters';
import { NamespaceUsageService } from '../service/types';
import { windowRange } from '../service/windows';
import { namespaceUsageQueries } from './NamespaceUsageQueries';

/** One namespace's figures as the queries gave them; absent when no sample. */
interface Figures {
  heldSteps?: number;
  busySteps?: number;
  idleSteps?: number;
  utilSum?: number;
  utilMax?: number;
  gpusHeld?: number;
  /** Unix seconds of the last step a GPU was busy. */
  lastBusy?: number;
}

/** The figures by namespace ('' for the one namespace asked for). */
type Answers = Map<string, Figures>;

/**
 * How much the GPUs held in namespaces were used, for the idle-grant
 * policy: busy and idle GPU-hours at the window's step, and the last step
 * a GPU was busy. For one namespace, or every namespace of a cluster from
 * the same seven queries grouped by namespace. For fleet viewers and
 * service principals.
 */
export class DefaultNamespaceUsageService implements NamespaceUsageService {
  static create(options: {
    access: GpuUsageAccess;
    prometheus: PrometheusClusters;
    idleUtilisationBelow: number;
    now: () => number;
  }): DefaultNamespaceUsageService {
    return new DefaultNamespaceUsageService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultNamespaceUsageService.create
    >[0],
  ) {}

  async namespaceUsage(
    query: { cluster: string; namespace: string; window: UsageWindow },
    credentials: BackstageCredentials,
  ): Promise<NamespaceUsage> {
    const { answers, step } = await this.read(query, credentials);
    return usageOf(query, answers.get('') ?? {}, step);
  }

  async namespaceUsages(
    query: { cluster: string; window: UsageWindow },
    credentials: BackstageCredentials,
  ): Promise<NamespaceUsageList> {
    const { answers, step } = await this.read(query, credentials);
    const items = [...answers]
      .filter(([namespace]) => namespace !== '')
      // Map keys are unique: never equal.
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([namespace, answer]) =>
        usageOf({ ...query, namespace }, answer, step),
      );
    return { cluster: query.cluster, window: query.window, items };
  }

  private async read(
    query: { cluster: string; namespace?: string; window: UsageWindow },
    credentials: BackstageCredentials,
  ): Promise<{ answers: Answers; step: number }> {
    const { access, prometheus, idleUtilisationBelow } = this.options;
    await access.requireFleetRead(credentials);
    const clusters = prometheus.clusters();
    if (!clusters.includes(query.cluster)) {
      throw new InputError(
        `Invalid query: cluster: must be one of the clusters with a Prometheus (${clusters.join(
          ', ',
        )})`,
      );
    }
    const range = windowRange(query.window, this.options.now());
    const q = namespaceUsageQueries({
      queries: prometheus.queries(query.cluster),
      namespace: query.namespace,
      range,
      idleBelow: idleUtilisationBelow,
    });
    const querier = prometheus.querier(query.cluster);
    // One cluster: its failure is the answer's (503 when unavailable).
    const { results, errors } = await prometheus.perCluster(
      [query.cluster],
      () => {
        const instant = (expr: string) => querier.instant(expr, range.end);
        return Promise.all([
          instant(q.heldSteps),
          instant(q.busySteps),
          instant(q.idleSteps),
          instant(q.utilSum),
          instant(q.utilMax),
          instant(q.gpusHeld),
          querier.range(q.busy, range),
        ]);
      },
    );
    if (errors.length > 0) throw new Error(errors[0].message);
    const [heldSteps, busySteps, idleSteps, utilSum, utilMax, gpusHeld, busy] =
      results[0].value;
    const answers: Answers = new Map();
    const answerOf = (metric: Record<string, string>) => {
      const namespace = query.namespace === undefined ? metric.namespace : '';
      let answer = answers.get(namespace);
      if (!answer) {
        answer = {};
        answers.set(namespace, answer);
      }
      return answer;
    };
    const collect = (
      samples: InstantSample[],
      field: Exclude<keyof Figures, 'lastBusy'>,
    ) => {
      for (const s of samples) {
        if (Number.isFinite(s.value)) answerOf(s.metric)[field] = s.value;
      }
    };
    collect(heldSteps, 'heldSteps');
    collect(busySteps, 'busySteps');
    collect(idleSteps, 'idleSteps');
    collect(utilSum, 'utilSum');
    collect(utilMax, 'utilMax');
    collect(gpusHeld, 'gpusHeld');
    for (const series of busy) {
      const answer = answerOf(series.metric);
      for (const [t] of series.values) {
        answer.lastBusy = Math.max(answer.lastBusy ?? -Infinity, t);
      }
    }
    return { answers, step: range.step };
  }
}

/** One namespace's answer from its figures; absent figures are none. */
function usageOf(
  query: { cluster: string; namespace: string; window: UsageWindow },
  answer: Figures,
  step: number,
): NamespaceUsage {
  const hours = (steps: number | undefined) => ((steps ?? 0) * step) / 3600;
  const { heldSteps, utilSum, lastBusy } = answer;
  return {
    cluster: query.cluster,
    namespace: query.namespace,
    window: query.window,
    gpusHeld: answer.gpusHeld ?? 0,
    utilisation: {
      mean: heldSteps && utilSum !== undefined ? utilSum / heldSteps : null,
      max: answer.utilMax ?? null,
    },
    busyGpuHours: hours(answer.busySteps),
    idleGpuHours: hours(answer.idleSteps),
    lastBusyAt:
      lastBusy !== undefined ? new Date(lastBusy * 1000).toISOString() : null,
  };
}
