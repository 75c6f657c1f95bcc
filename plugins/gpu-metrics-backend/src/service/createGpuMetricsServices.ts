import {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Organisation } from '../catalog/CatalogOrganisation';
import { GpuMetricsConfig } from '../config/GpuMetricsConfig';
import { PodLister } from '../kubernetes/KubernetesPods';
import { DefaultEntityUsageService } from './DefaultEntityUsageService';
import { DefaultFleetHeatmapService } from './DefaultFleetHeatmapService';
import { DefaultFleetUsageService } from './DefaultFleetUsageService';
import { DefaultGroupUsageService } from './DefaultGroupUsageService';
import { DefaultIdleGpuService } from './DefaultIdleGpuService';
import { DeviceUsageReader } from './DeviceUsageReader';
import { GpuUsageAccess } from './GpuUsageAccess';
import { PrometheusClusters } from './PrometheusClusters';
import { GpuMetricsServices } from './types';
import { WorkloadPodFinder } from './WorkloadPodFinder';
import { DefaultNamespaceUsageService } from '../namespaceUsage/DefaultNamespaceUsageService';
import { DefaultEntityServingService } from '../serving/DefaultEntityServingService';
import { DefaultServingServersService } from '../serving/DefaultServingServersService';
import { ServingReader } from '../serving/ServingReader';

/**
 * The plugin's use cases over configured Prometheus servers and Kubernetes
 * clusters, sharing one set of Prometheus clients (and so their caches).
 */
export function createGpuMetricsServices(options: {
  config: GpuMetricsConfig;
  pods: PodLister;
  catalog: CatalogService;
  /** The Group tree and owners, read with the plugin's own credentials. */
  organisation: Organisation;
  permissions: PermissionsService;
  logger: LoggerService;
  /** The clock, for tests over recorded history. */
  now?: () => number;
}): GpuMetricsServices {
  const { config, pods, catalog, organisation, logger } = options;
  const now = options.now ?? (() => Date.now());
  const access = GpuUsageAccess.create(options);
  const prometheus = PrometheusClusters.create({ config, pods, logger });
  const podFinder = WorkloadPodFinder.create({ pods, logger });
  const deviceUsage = DeviceUsageReader.create({
    prometheus,
    idleUtilisationBelow: config.idleUtilisationBelow,
    rollUps: config.rollUps,
  });
  const { gpuClasses } = config;
  const serving = ServingReader.create({
    prometheus,
    clusterLabel: config.clusterLabel,
  });
  const fleet = DefaultFleetUsageService.create({
    access,
    prometheus,
    pods,
    catalog,
    config,
    now,
  });
  return {
    entityUsage: DefaultEntityUsageService.create({
      access,
      catalog,
      podFinder,
      deviceUsage,
      gpuClasses,
      now,
    }),
    groupUsage: DefaultGroupUsageService.create({
      access,
      catalog,
      organisation,
      podFinder,
      deviceUsage,
      gpuClasses,
      maxEntitiesPerGroup: config.maxEntitiesPerGroup,
      logger,
      now,
    }),
    fleet,
    heatmap: DefaultFleetHeatmapService.create({ access, prometheus, now }),
    idleGpus: DefaultIdleGpuService.create({ fleet }),
    entityServing: DefaultEntityServingService.create({
      access,
      catalog,
      podFinder,
      prometheus,
      serving,
      deviceUsage,
      gpuClasses,
      now,
    }),
    servingServers: DefaultServingServersService.create({
      access,
      catalog,
      pods,
      prometheus,
      serving,
      deviceUsage,
      gpuClasses,
      now,
    }),
    namespaceUsage: DefaultNamespaceUsageService.create({
      access,
      prometheus,
      idleUtilisationBelow: config.idleUtilisationBelow,
      now,
    }),
  };
}
