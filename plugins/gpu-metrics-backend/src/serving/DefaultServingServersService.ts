import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ClusterError,
  ServingServers,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { ownerOf } from '../catalog/CatalogOrganisation';
import { GpuClassRate } from '../config/GpuMetricsConfig';
import {
  LabelledPod,
  PodLister,
  WorkloadPod,
} from '../kubernetes/KubernetesPods';
import { DeviceUsageReader } from '../service/DeviceUsageReader';
import { GpuUsageAccess } from '../service/GpuUsageAccess';
import { KUBERNETES_ID_LABEL } from '../service/idleOwners';
import { PrometheusClusters } from '../service/PrometheusClusters';
import { ServingServersService } from '../service/types';
import { callerEntities } from './callerEntities';
import { readHeldDevices } from './GpuHoursReader';
import { consumersOf, podFilter, servingTotals } from './servingFigures';
import { servingRange } from './servingRange';
import { ServingReader } from './ServingReader';
import { clusterPodKey, groupServers } from './servingServers';
import { kserveServerEntities } from './kserveServerEntities';

/**
 * Every model server of the fleet: the pods with vLLM series on each
 * cluster with a Prometheus, grouped by their `app` label, each with its
 * totals and the gateway's tokens per caller. For fleet viewers and
 * service principals (the cost plugin's daily chargeback).
 */
export class DefaultServingServersService implements ServingServersService {
  static create(options: {
    access: GpuUsageAccess;
    catalog: CatalogService;
    pods: PodLister;
    prometheus: PrometheusClusters;
    serving: ServingReader;
    deviceUsage: DeviceUsageReader;
    gpuClasses: GpuClassRate[];
    now: () => number;
  }): DefaultServingServersService {
    return new DefaultServingServersService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultServingServersService.create
    >[0],
  ) {}

  async servers(
    query: { window: UsageWindow } | { day: string },
    credentials: BackstageCredentials,
  ): Promise<ServingServers> {
    const { access, prometheus, serving, deviceUsage } = this.options;
    await access.requireFleetRead(credentials);
    const range = servingRange(query, this.options.now());
    const read = await serving.readPods(prometheus.clusters(), range);
    const listed = await this.listPods([
      ...new Set(read.pods.map(p => p.cluster)),
    ]);
    const servers = groupServers(
      read.pods,
      (c, n, p) => listed.labels.get(clusterPodKey(c, n, p))?.labels,
    );
    const pods: WorkloadPod[] = read.pods.map(p => ({
      cluster: p.cluster,
      namespace: p.namespace,
      pod: p.pod,
    }));
    const none = { errors: [] as ClusterError[] };
    const [usage, held, gateway, owners, kserveOwners] = await Promise.all([
      pods.length ? deviceUsage.read(pods, range) : { rows: [], ...none },
      pods.length
        ? readHeldDevices(prometheus, pods, range)
        : { devices: [], ...none },
      servers.length
        ? serving.readGateway([...new Set(servers.map(s => s.cluster))], range)
        : { tokens: [], ...none },
      this.entitiesOf(
        servers.flatMap(s => (s.kubernetesId ? [s.kubernetesId] : [])),
        credentials,
      ),
      kserveServerEntities(servers, this.options.catalog, credentials),
    ]);
    const describe = await callerEntities(
      gateway.tokens.flatMap(t => (t.caller ? [t.caller] : [])),
      this.options.catalog,
      credentials,
    );
    return {
      window: 'window' in query ? query.window : null,
      day: 'day' in query ? query.day : null,
      servers: servers.map(s => {
        const mine = podFilter(s.pods);
        const rows = usage.rows.filter(mine);
        // The KServe model server entity is the more specific owner.
        const owner =
          kserveOwners.get(s) ??
          (s.kubernetesId ? owners.get(s.kubernetesId) : undefined);
        return {
          cluster: s.cluster,
          namespace: s.namespace,
          serverAddress: s.serverAddress,
          models: [...new Set(s.pods.flatMap(p => [...p.models]))].sort(),
          pods: s.pods.map(p => p.pod).sort(),
          gpus: new Set(rows.map(r => r.device)).size,
          ...owner,
          totals: servingTotals({
            pods: s.pods,
            rows,
            devices: held.devices.filter(mine),
            range,
            gpuClasses: this.options.gpuClasses,
          }),
          ...consumersOf(
            gateway.tokens.filter(
              t =>
                t.cluster === s.cluster && t.serverAddress === s.serverAddress,
            ),
            describe,
          ),
        };
      }),
      errors: [
        ...read.errors,
        ...listed.errors,
        ...usage.errors,
        ...held.errors,
        ...gateway.errors,
      ],
    };
  }

  /** Every pod of the clusters with their labels (for `app` and the entity id). */
  private async listPods(clusters: string[]) {
    const labels = new Map<string, LabelledPod>();
    const errors: ClusterError[] = [];
    await Promise.all(
      clusters.map(async cluster => {
        try {
          for (const p of await this.options.pods.listLabelledPods(cluster)) {
            labels.set(clusterPodKey(p.cluster, p.namespace, p.pod), p);
          }
        } catch {
          // Its servers are still listed, each pod a server of its own.
          errors.push({
            cluster,
            message: `Listing pods on cluster '${cluster}' failed`,
          });
        }
      }),
    );
    return { labels, errors };
  }

  /** The catalog entity (and owner) annotated with each Kubernetes id. */
  private async entitiesOf(
    ids: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, { entityRef: string; ownerRef?: string }>> {
    const found = new Map<string, { entityRef: string; ownerRef?: string }>();
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return found;
    // Label values go into a structured catalog filter, never a query string.
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { [`metadata.annotations.${KUBERNETES_ID_LABEL}`]: wanted },
        fields: ['kind', 'metadata', 'spec.owner', 'relations'],
      },
      { credentials },
    );
    for (const entity of items) {
      const id = entity.metadata.annotations?.[KUBERNETES_ID_LABEL];
      if (id && (!found.has(id) || entity.kind === 'Component')) {
        const ownerRef = ownerOf(entity);
        found.set(id, {
          entityRef: stringifyEntityRef(entity),
          ...(ownerRef ? { ownerRef } : {}),
        });
      }
    }
    return found;
  }
}
