import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GroupUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { Organisation } from '../catalog/CatalogOrganisation';
import { GpuClassRate } from '../config/GpuMetricsConfig';
import { WorkloadPod } from '../kubernetes/KubernetesPods';
import { entityRefParameter } from '../querySchemas';
import { aggregateUsage } from './aggregateUsage';
import { DeviceUsageReader } from './DeviceUsageReader';
import { GpuUsageAccess } from './GpuUsageAccess';
import { rollUpSelectors } from './rollUpSelectors';
import { GroupUsageService } from './types';
import { windowRange } from './windows';
import { WorkloadPodFinder } from './WorkloadPodFinder';

function podKey(p: { cluster: string; namespace: string; pod: string }) {
  return `${p.cluster}\u0000${p.namespace}\u0000${p.pod}`;
}

/**
 * The GPU usage of a group: everything the group and the groups below it own
 * (the shared Group tree), each pod counted once, with a figure per entity.
 */
export class DefaultGroupUsageService implements GroupUsageService {
  static create(options: {
    access: GpuUsageAccess;
    catalog: CatalogService;
    /** The Group tree, read with the plugin's own credentials. */
    organisation: Organisation;
    podFinder: WorkloadPodFinder;
    deviceUsage: DeviceUsageReader;
    gpuClasses: GpuClassRate[];
    /** The most entities with workloads one roll-up counts. */
    maxEntitiesPerGroup: number;
    logger: LoggerService;
    /** The clock, for tests over recorded history. */
    now: () => number;
  }): DefaultGroupUsageService {
    return new DefaultGroupUsageService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultGroupUsageService.create
    >[0],
  ) {}

  async groupUsage(
    groupRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<GroupUsage> {
    const { access, catalog, organisation, podFinder, deviceUsage } =
      this.options;
    const ref = entityRefParameter('groupRef', groupRef);
    if (!ref.startsWith('group:')) throw new NotFoundError(`No group ${ref}`);
    await access.requireUsageRead(ref, credentials);
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
    const { selectors, entityErrors, truncated } = rollUpSelectors(
      owned.filter(e => e.kind.toLocaleLowerCase('en-US') !== 'group'),
      { limit: this.options.maxEntitiesPerGroup, logger: this.options.logger },
    );
    const range = windowRange(window, this.options.now());
    const found = await podFinder.findPods(
      selectors.flatMap(s =>
        s.selector ? [{ ...s, selector: s.selector }] : [],
      ),
    );
    // Entities may share pods; the group counts each pod once.
    const unique = new Map<string, WorkloadPod>();
    for (const p of [...found.pods.values()].flat()) unique.set(podKey(p), p);
    const pods = [...unique.values()];
    const usage = await deviceUsage.read(pods, range);
    const { gpuClasses } = this.options;
    const entities = selectors.map(({ ref: entityRef }) => {
      const entityPods = found.pods.get(entityRef) ?? [];
      const keys = new Set(entityPods.map(podKey));
      const part = aggregateUsage({
        window,
        range,
        pods: entityPods,
        rows: usage.rows.filter(r => keys.has(podKey(r))),
        series: new Map(),
        errors: [],
        gpuClasses,
      });
      return {
        entityRef,
        gpusHeld: part.gpusHeld,
        utilisationMean: part.utilisation.mean,
        idleGpuHours: part.idleGpuHours,
      };
    });
    return {
      groupRef: stringifyEntityRef(group),
      ...aggregateUsage({
        window,
        range,
        pods,
        rows: usage.rows,
        series: usage.series,
        errors: [...found.errors, ...usage.errors],
        gpuClasses,
      }),
      entities,
      entityErrors,
      truncated,
    };
  }
}
