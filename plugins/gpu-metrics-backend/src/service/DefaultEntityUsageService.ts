import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { GpuClassRate } from '../config/GpuMetricsConfig';
import { workloadSelector } from '../kubernetes/workloadSelector';
import { entityRefParameter } from '../querySchemas';
import { aggregateUsage } from './aggregateUsage';
import { DeviceUsageReader } from './DeviceUsageReader';
import { GpuUsageAccess } from './GpuUsageAccess';
import { EntityUsageService } from './types';
import { windowRange } from './windows';
import { WorkloadPodFinder } from './WorkloadPodFinder';

/**
 * The GPU usage of one entity: its pods found through its Kubernetes
 * annotations, their devices' metrics from Prometheus.
 */
export class DefaultEntityUsageService implements EntityUsageService {
  static create(options: {
    access: GpuUsageAccess;
    catalog: CatalogService;
    podFinder: WorkloadPodFinder;
    deviceUsage: DeviceUsageReader;
    gpuClasses: GpuClassRate[];
    /** The clock, for tests over recorded history. */
    now: () => number;
  }): DefaultEntityUsageService {
    return new DefaultEntityUsageService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultEntityUsageService.create
    >[0],
  ) {}

  async entityUsage(
    entityRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<EntityUsage> {
    const { access, catalog, podFinder, deviceUsage } = this.options;
    const ref = entityRefParameter('entityRef', entityRef);
    await access.requireUsageRead(ref, credentials);
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    const selector = workloadSelector(entity);
    const range = windowRange(window, this.options.now());
    const found = await podFinder.findPods(selector ? [{ ref, selector }] : []);
    const pods = [...found.pods.values()].flat();
    const usage = await deviceUsage.read(pods, range);
    return {
      entityRef: stringifyEntityRef(entity),
      ...aggregateUsage({
        window,
        range,
        pods,
        rows: usage.rows,
        series: usage.series,
        errors: [...found.errors, ...usage.errors],
        gpuClasses: this.options.gpuClasses,
      }),
    };
  }
}
