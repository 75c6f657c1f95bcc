import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ServingSample,
  ServingUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { GpuClassRate } from '../config/GpuMetricsConfig';
import { LabelledPod, WorkloadPod } from '../kubernetes/KubernetesPods';
import { workloadSelector } from '../kubernetes/workloadSelector';
import { entityRefParameter } from '../querySchemas';
import { DeviceUsageReader } from '../service/DeviceUsageReader';
import { GpuUsageAccess } from '../service/GpuUsageAccess';
import { EntityServingService, UsageRange } from '../service/types';
import { windowRange } from '../service/windows';
import { WorkloadPodFinder } from '../service/WorkloadPodFinder';
import { callerEntities } from './callerEntities';
import { podsByCluster, readHeldDevices } from './GpuHoursReader';
import { quantilesOf, consumersOf, servingTotals } from './servingFigures';
import { PrometheusClusters } from '../service/PrometheusClusters';
import { ServingReader } from './ServingReader';
import { clusterPodKey, groupServers } from './servingServers';

/**
 * What one model server entity served: its pods found as for its GPU
 * usage, those with vLLM series grouped into servers, their vLLM, DCGM
 * and gateway figures over the window.
 */
export class DefaultEntityServingService implements EntityServingService {
  static create(options: {
    access: GpuUsageAccess;
    catalog: CatalogService;
    podFinder: WorkloadPodFinder;
    prometheus: PrometheusClusters;
    serving: ServingReader;
    deviceUsage: DeviceUsageReader;
    gpuClasses: GpuClassRate[];
    now: () => number;
  }): DefaultEntityServingService {
    return new DefaultEntityServingService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultEntityServingService.create
    >[0],
  ) {}

  async entityServing(
    entityRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<ServingUsage> {
    const { access, catalog, podFinder, serving } = this.options;
    const ref = entityRefParameter('entityRef', entityRef);
    await access.requireUsageRead(ref, credentials);
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    const selector = workloadSelector(entity);
    const range = windowRange(window, this.options.now());
    const found = await podFinder.findLabelledPods(
      selector ? [{ ref, selector }] : [],
    );
    const labelled = found.pods.get(ref) ?? [];
    const labels = new Map<string, LabelledPod>(
      labelled.map(p => [clusterPodKey(p.cluster, p.namespace, p.pod), p]),
    );
    const candidates = podsByCluster(labelled);
    const read =
      candidates.size > 0
        ? await serving.readPods([...candidates.keys()], range, candidates)
        : { pods: [], errors: [] };
    const servers = groupServers(
      read.pods,
      (c, n, p) => labels.get(clusterPodKey(c, n, p))?.labels,
    );
    const figures = await this.figures(servers, range, credentials);
    return {
      entityRef: stringifyEntityRef(entity),
      window,
      stepSeconds: range.step,
      servers: servers.map(s => ({
        cluster: s.cluster,
        namespace: s.namespace,
        serverAddress: s.serverAddress,
        models: [...new Set(s.pods.flatMap(p => [...p.models]))].sort(),
        pods: s.pods.map(p => p.pod).sort(),
        gpus: figures.gpusOf(s.pods),
      })),
      totals: servingTotals({
        pods: read.pods,
        rows: figures.rows,
        devices: figures.devices,
        range,
        gpuClasses: this.options.gpuClasses,
      }),
      series: figures.series,
      ...figures.consumers,
      errors: [...found.errors, ...read.errors, ...figures.errors],
    };
  }

  /** The GPU, series and gateway figures of the servers' pods. */
  private async figures(
    servers: ReturnType<typeof groupServers>,
    range: UsageRange,
    credentials: BackstageCredentials,
  ) {
    const { serving, deviceUsage, prometheus, catalog } = this.options;
    const pods: WorkloadPod[] = servers.flatMap(s =>
      s.pods.map(p => ({
        cluster: p.cluster,
        namespace: p.namespace,
        pod: p.pod,
      })),
    );
    const podsOf = podsByCluster(pods);
    const addressesOf = new Map<string, string[]>();
    for (const s of servers) {
      addressesOf.set(s.cluster, [
        ...(addressesOf.get(s.cluster) ?? []),
        s.serverAddress,
      ]);
    }
    const none = { errors: [] };
    const [usage, held, series, gateway] = await Promise.all([
      pods.length
        ? deviceUsage.read(pods, range)
        : { rows: [], series: new Map(), ...none },
      pods.length
        ? readHeldDevices(prometheus, pods, range)
        : { devices: [], ...none },
      pods.length
        ? serving.readSeries(podsOf, range)
        : { steps: new Map(), ...none },
      pods.length
        ? serving.readGateway([...addressesOf.keys()], range, addressesOf)
        : { tokens: [], ...none },
    ]);
    const describe = await callerEntities(
      gateway.tokens.flatMap(t => (t.caller ? [t.caller] : [])),
      catalog,
      credentials,
    );
    const samples: ServingSample[] = [];
    for (let t = range.start; t <= range.end; t += range.step) {
      const s = series.steps.get(t);
      const u = usage.series.get(t);
      samples.push({
        t,
        promptTokensPerSecond: s?.promptTokensPerSecond ?? 0,
        generationTokensPerSecond: s?.generationTokensPerSecond ?? 0,
        requestsPerSecond: s?.requestsPerSecond ?? 0,
        ttftP95Seconds: s ? quantilesOf([s.ttftBuckets]).p95 : null,
        e2eP95Seconds: s ? quantilesOf([s.e2eBuckets]).p95 : null,
        utilisation: u && u.uCount > 0 ? u.uSum / u.uCount : null,
      });
    }
    return {
      rows: usage.rows,
      devices: held.devices,
      series: samples,
      consumers: consumersOf(gateway.tokens, describe),
      gpusOf: (
        of: Array<{ cluster: string; namespace: string; pod: string }>,
      ) => {
        const keys = new Set(
          of.map(p => clusterPodKey(p.cluster, p.namespace, p.pod)),
        );
        return new Set(
          usage.rows
            .filter(r => keys.has(clusterPodKey(r.cluster, r.namespace, r.pod)))
            .map(r => `${r.cluster}/${r.device}`),
        ).size;
      },
      errors: [
        ...usage.errors,
        ...held.errors,
        ...series.errors,
        ...gateway.errors,
      ],
    };
  }
}
