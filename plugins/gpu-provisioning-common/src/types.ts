/** What the GPUs are for; drives defaults and cost reporting. */
export const GPU_PURPOSES = [
  'training',
  'fine-tuning',
  'inference',
  'notebook',
] as const;
/** @public */
export type GpuPurpose = (typeof GPU_PURPOSES)[number];

/** Data classifications, least to most sensitive. */
export const DATA_CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'restricted',
] as const;
/** @public */
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/**
 * The life of a request:
 * `pending-approval` → (`approved` →) `provisioning` → `active` → `released` | `expired`,
 * or `rejected`; `failed` when provisioning gave up; `namespace-missing` when
 * someone deleted the grant's namespace by hand.
 */
export const GPU_REQUEST_STATUSES = [
  'pending-approval',
  'approved',
  'provisioning',
  'active',
  'rejected',
  'released',
  'expired',
  'failed',
  'namespace-missing',
] as const;
/** @public */
export type GpuRequestStatus = (typeof GPU_REQUEST_STATUSES)[number];

/** Statuses in which a request holds its team's quota. */
export const QUOTA_HOLDING_STATUSES: readonly GpuRequestStatus[] = [
  'pending-approval',
  'approved',
  'provisioning',
  'active',
  'namespace-missing',
];

/** What a developer asks for. */
export interface GpuRequestInput {
  /** The team (a catalog Group the requester belongs to), as an entity ref. */
  team: string;
  /** Optionally the Component or System the GPUs are for. */
  entityRef?: string;
  /** Cluster name, as in the `kubernetes` config. */
  cluster: string;
  /** GPU class id from the `gpuProvisioning.gpuClasses` config. */
  gpuClass: string;
  /** A MIG profile of that class, e.g. `1g.10gb`; whole GPUs when absent. */
  migProfile?: string;
  /** Number of GPUs, or of MIG instances. */
  count: number;
  durationHours: number;
  purpose: GpuPurpose;
  dataClassification: DataClassification;
  justification: string;
}

/** A request and, once granted, its grant. */
export interface GpuRequest extends GpuRequestInput {
  id: string;
  status: GpuRequestStatus;
  /** User entity ref of the requester. */
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  /** `count × durationHours`. */
  gpuHours: number;
  /** Estimated cost of the whole duration, from the class's hourly rate. */
  estimatedCost: number;
  /** Whether a request this large needs an approver. */
  requiresApproval: boolean;
  decidedBy?: string;
  decidedAt?: string;
  rejectionReason?: string;
  /** The namespace the grant lives in, once provisioning started. */
  namespace?: string;
  activeSince?: string;
  expiresAt?: string;
  endedAt?: string;
  /** The last provisioning error, for `failed` and retries. */
  lastError?: string;
}

/** GPUs of one class on one cluster. */
export interface GpuClassCapacity {
  cluster: string;
  gpuClass: string;
  displayName: string;
  /** The Kubernetes resource counted, e.g. `nvidia.com/gpu` or `nvidia.com/mig-1g.10gb`. */
  resource: string;
  migProfile?: string;
  memoryMiB: number;
  hourlyRate: number;
  /** Allocatable on the cluster's nodes. */
  total: number;
  /** Requested by running or pending pods. */
  inUse: number;
  /** Held by the portal's active grants. */
  granted: number;
  /** `total - max(inUse, granted)`, never below 0. */
  free: number;
}

/** Capacity of every cluster, with per-cluster errors so one bad cluster does not hide the others. */
export interface CapacityResponse {
  items: GpuClassCapacity[];
  errors: Array<{ cluster: string; message: string }>;
}

/** What a team may still request, per cluster and class. */
export interface TeamQuota {
  team: string;
  cluster: string;
  gpuClass: string;
  limit: number;
  used: number;
  remaining: number;
}

/** A GPU class as configured, for forms and estimates. */
export interface GpuClassInfo {
  id: string;
  displayName: string;
  memoryMiB: number;
  hourlyRate: number;
  /** MIG profiles the class can be split into, with their own rates. */
  migProfiles: Array<{ name: string; memoryMiB: number; hourlyRate: number }>;
  /** Clusters that have this class. */
  clusters: string[];
}

/** Policy facts the form shows while typing. */
export interface ProvisioningPolicyInfo {
  maxDurationHours: number;
  approvalThresholdGpuHours: number;
  /** Data classifications each cluster may hold. */
  clusterDataClassifications: Record<string, DataClassification[]>;
}
