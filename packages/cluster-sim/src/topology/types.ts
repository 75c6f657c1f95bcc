/**
 * The shape of a simulated GPU fleet, as read from a topology file, and the
 * live GPU inventory the metrics simulators render from.
 */

/** How a workload uses the GPUs it holds; drives the simulated metrics. */
export type WorkloadProfile =
  /** Near saturation, steady, high memory. */
  | 'training'
  /** Follows a daily request cycle. */
  | 'inference'
  /** Mostly idle with short bursts during working hours. */
  | 'notebook'
  /** Holds GPUs and never uses them. */
  | 'idle';

/** A GPU product as NVIDIA GPU Feature Discovery labels it. */
export interface GpuProduct {
  /** `nvidia.com/gpu.product`, for example `NVIDIA-H100-80GB-HBM3`. */
  product: string;
  /** The name dcgm-exporter puts in `modelName`, for example `NVIDIA H100 80GB HBM3`. */
  modelName: string;
  /** Framebuffer in MiB (`nvidia.com/gpu.memory`). */
  memoryMiB: number;
  /** `nvidia.com/gpu.family`, for example `hopper`. */
  family: string;
  /** `nvidia.com/gpu.compute.major` and `.minor`. */
  computeMajor: number;
  computeMinor: number;
  /** Board power limit in watts, the ceiling of simulated power draw. */
  maxPowerWatts: number;
}

/** A MIG layout applied to every GPU of a node. */
export interface MigLayout {
  /** `nvidia.com/mig.strategy`. With `mixed`, each profile is its own resource. */
  strategy: 'single' | 'mixed';
  /** Instances per GPU by profile, for example `{ '1g.10gb': 7 }` or `{ '3g.40gb': 2 }`. */
  instancesPerGpu: Record<string, number>;
}

/** A group of identical GPU nodes. */
export interface NodePool {
  /** Node names are `<namePrefix>-<n>`, n from 0. */
  namePrefix: string;
  count: number;
  /** Key into the topology's `gpuProducts`. */
  gpu: string;
  gpusPerNode: number;
  cpu: string;
  memory: string;
  /** Extra node labels, for example a cloud instance type. */
  labels?: Record<string, string>;
  mig?: MigLayout;
}

/** A workload of a demo team, created as Kubernetes objects at seed time. */
export interface SeedWorkload {
  name: string;
  namespace: string;
  /** Catalog entity (`backstage.io/kubernetes-id`) and owning team. */
  component: string;
  team: string;
  profile: WorkloadProfile;
  /** `Job` for training, `Pod` for the rest (one pod per replica). */
  kind: 'Job' | 'Pod';
  replicas: number;
  /** Key into `gpuProducts`: pins the workload to nodes of that product. */
  gpu?: string;
  /** Whole GPUs per replica, or MIG instances when `migProfile` is set. */
  gpusPerReplica: number;
  migProfile?: string;
  /** An inference server also exposes vLLM metrics for this model. */
  servedModel?: string;
  /**
   * Who calls this model server through the AI gateway: the caller's
   * identity (as the gateway knows it) and its share of the tokens served.
   * Shares may sum to less than 1: the rest has no known caller.
   */
  gatewayCallers?: Record<string, number>;
  /** How long before the fleet starts the workload appears to have started (default 7). */
  startedDaysAgo?: number;
  /**
   * Further labels of its pods, e.g. KServe's
   * `serving.kserve.io/inferenceservice` so a model server's catalog entity
   * finds them; the labels the fleet sets itself cannot be replaced.
   */
  labels?: Record<string, string>;
}

/** One simulated cluster. */
export interface ClusterTopology {
  name: string;
  description: string;
  nodePools: NodePool[];
  workloads: SeedWorkload[];
  /**
   * Further objects (NetworkPolicies, RoleBindings, PolicyReports, namespace
   * labels, ...) server-side applied after the namespaces, before the workloads.
   */
  objects?: SeedObject[];
  /**
   * The scheduler the portal should put grants through on this cluster, as
   * the fleet runs it: written into the Backstage overlay as
   * `gpuProvisioning.clusters.<name>.scheduler`. Default: none (the portal's mode).
   */
  scheduler?: 'resourcequota' | 'kueue' | 'kai' | 'volcano';
}

/** A Kubernetes object of a topology's `objects`, applied as written. */
export interface SeedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The whole topology file. */
export interface FleetTopology {
  /** Seed for every simulated value; the same seed gives the same fleet and series. */
  seed: number;
  gpuProducts: Record<string, GpuProduct>;
  clusters: ClusterTopology[];
}

/** The pod holding a GPU (or MIG instance), as dcgm-exporter attributes it. */
export interface GpuHolder {
  namespace: string;
  pod: string;
  /** The pod's uid (`pod_uid` label). */
  uid?: string;
  container: string;
  profile: WorkloadProfile;
  /** When the pod started using the device. */
  since: Date;
  /** Set for inference servers that expose vLLM metrics. */
  servedModel?: string;
  /** Callers' shares of its tokens, from the AI gateway; see {@link SeedWorkload}. */
  gatewayCallers?: Record<string, number>;
  /** The pod's `app` label: the Service the gateway sends its calls to. */
  app?: string;
}

/** One GPU, or one MIG instance of a GPU, on a node. */
export interface GpuDevice {
  /** GPU index on the node (`gpu` label). */
  index: number;
  /** `UUID` label, `GPU-xxxxxxxx-xxxx-...`, stable for a seed. */
  uuid: string;
  /** `pci_bus_id` label, `00000000:XX:00.0`. */
  pciBusId: string;
  /** `device` label, `nvidia<index>`. */
  device: string;
  product: GpuProduct;
  /** For a MIG instance: its profile (`GPU_I_PROFILE`) and instance id (`GPU_I_ID`). */
  mig?: { profile: string; instanceId: number; memoryMiB: number };
  /** Absent when no pod holds the device. */
  holder?: GpuHolder;
}

/** The GPUs of one node, as its dcgm-exporter sees them. */
export interface NodeGpus {
  cluster: string;
  /** Node name, the `Hostname` label. */
  hostname: string;
  devices: GpuDevice[];
}

/** Anything that can list the current GPU inventory (the emulator does). */
export interface GpuInventory {
  nodeGpus(): NodeGpus[];
}
