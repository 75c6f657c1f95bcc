import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  NamespaceUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { GpuUsageAccess } from '../service/GpuUsageAccess';
import { PrometheusClusters } from '../service/PrometheusClusters';
import { NamespaceUsageService } from '../service/types';
import { windowRange } from '../service/windows';
import { namespaceUsageQueries } from './NamespaceUsageQueries';

/**
 * How much the GPUs held in one namespace were used, for the idle-grant
 * policy: busy and idle GPU-hours at the window's step, and the last step
 * a GPU was busy. For fleet viewers and service principals.
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
        const scalar = async (expr: string) => {
          const [sample] = await querier.instant(expr, range.end);
          return sample && Number.isFinite(sample.value) ? sample.value : null;
        };
        return Promise.all([
          scalar(q.heldSteps),
          scalar(q.busySteps),
          scalar(q.idleSteps),
          scalar(q.utilSum),
          scalar(q.utilMax),
          scalar(q.gpusHeld),
          querier.range(q.busy, range),
        ]);
      },
    );
    if (errors.length > 0) throw new Error(errors[0].message);
    const [heldSteps, busySteps, idleSteps, utilSum, utilMax, gpusHeld, busy] =
      results[0].value;
    const lastBusy = Math.max(
      -Infinity,
      ...busy.flatMap(s => s.values.map(([t]) => t)),
    );
    const hours = (steps: number | null) => ((steps ?? 0) * range.step) / 3600;
    return {
      cluster: query.cluster,
      namespace: query.namespace,
      window: query.window,
      gpusHeld: gpusHeld ?? 0,
      utilisation: {
        mean: heldSteps && utilSum !== null ? utilSum / heldSteps : null,
        max: utilMax,
      },
      busyGpuHours: hours(busySteps),
      idleGpuHours: hours(idleSteps),
      lastBusyAt: Number.isFinite(lastBusy)
        ? new Date(lastBusy * 1000).toISOString()
        : null,
    };
  }
}
