import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  EntityUsage,
  FleetHeatmap,
  FleetUsage,
  GroupUsage,
  IdleGpu,
  NamespaceUsage,
  NamespaceUsageList,
  ServingServers,
  ServingUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';

/**
 * The GPU usage of one catalog entity. Checks `gpuUsageReadPermission` for
 * the entity (403 otherwise).
 */
export interface EntityUsageService {
  entityUsage(
    entityRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<EntityUsage>;
}

/**
 * The GPU usage of everything a group and the groups below it own. Checks
 * `gpuUsageReadPermission` for the group (403 otherwise).
 */
export interface GroupUsageService {
  groupUsage(
    groupRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<GroupUsage>;
}

/**
 * The fleet's per-model utilisation and its idle GPUs. Checks
 * `gpuFleetReadPermission` (403 otherwise).
 */
export interface FleetUsageService {
  fleet(
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<FleetUsage>;
}

/** Which heat map rows to answer. */
export interface FleetHeatmapQuery {
  window: UsageWindow;
  /** One cluster; every cluster with a Prometheus when absent. */
  cluster?: string;
  /** A node of `cluster`: a row per GPU of it instead of a row per node. */
  node?: string;
  /** The index of the first row. */
  offset: number;
  /** The most rows, at most `HEATMAP_MAX_ROWS`. */
  limit: number;
}

/**
 * Utilisation over time per node (paged) or per GPU of one node, for one
 * cluster or all. Checks `gpuFleetReadPermission` (403 otherwise).
 */
export interface FleetHeatmapService {
  heatmap(
    query: FleetHeatmapQuery,
    credentials: BackstageCredentials,
  ): Promise<FleetHeatmap>;
}

/**
 * Idle GPUs across the fleet, most wasted first, optionally of one team.
 * Checks `gpuFleetReadPermission` (403 otherwise).
 */
export interface IdleGpuService {
  idleGpus(
    options: {
      window: UsageWindow;
      /** A group entity ref; a malformed one is an `InputError`. */
      team?: string;
    },
    credentials: BackstageCredentials,
  ): Promise<IdleGpu[]>;
}

/**
 * What a model server entity served over a window and for whom. Checks
 * `gpuUsageReadPermission` for the entity (403 otherwise).
 */
export interface EntityServingService {
  entityServing(
    entityRef: string,
    window: UsageWindow,
    credentials: BackstageCredentials,
  ): Promise<ServingUsage>;
}

/**
 * Every model server of the fleet over a window or a completed UTC day.
 * Checks `gpuFleetReadPermission` (403 otherwise; service principals pass).
 */
export interface ServingServersService {
  servers(
    query: { window: UsageWindow } | { day: string },
    credentials: BackstageCredentials,
  ): Promise<ServingServers>;
}

/**
 * How much the GPUs held in one namespace of one cluster were used. Checks
 * `gpuFleetReadPermission` (403 otherwise; service principals pass).
 */
export interface NamespaceUsageService {
  namespaceUsage(
    query: { cluster: string; namespace: string; window: UsageWindow },
    credentials: BackstageCredentials,
  ): Promise<NamespaceUsage>;
  /**
   * The same figures for every namespace whose pods held GPUs on the
   * cluster in the window, from a fixed number of queries.
   */
  namespaceUsages(
    query: { cluster: string; window: UsageWindow },
    credentials: BackstageCredentials,
  ): Promise<NamespaceUsageList>;
}

/** Every use case of the plugin, as the router and the actions take them. */
export interface GpuMetricsServices {
  entityUsage: EntityUsageService;
  groupUsage: GroupUsageService;
  fleet: FleetUsageService;
  heatmap: FleetHeatmapService;
  idleGpus: IdleGpuService;
  entityServing: EntityServingService;
  servingServers: ServingServersService;
  namespaceUsage: NamespaceUsageService;
}

/** A window as unix seconds: its start, end and range-query step. */
export type UsageRange = {
  start: number;
  end: number;
  step: number;
  seconds: number;
};

/** One pod's use of one device over the window. */
export interface DeviceRow {
  cluster: string;
  namespace: string;
  pod: string;
  device: string;
  modelName: string;
  migProfile?: string;
  values: Record<string, number>;
}

/** Summed utilisation and memory of a set of pods at each step (unix seconds). */
export type UsageSeries = Map<
  number,
  { uSum: number; uCount: number; mem: number }
>;
