/** What the GPUs are for; drives defaults and cost reporting. @public */
export const GPU_PURPOSES = [
  'training',
  'fine-tuning',
  'inference',
  'notebook',
] as const;
/** What the GPUs are for, one of {@link GPU_PURPOSES}. @public */
export type GpuPurpose = (typeof GPU_PURPOSES)[number];

/** Data classifications, least to most sensitive. @public */
export const DATA_CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'restricted',
] as const;
/** A data classification, one of {@link DATA_CLASSIFICATIONS}. @public */
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/**
 * The life of a request:
 * `pending-approval` → (`approved` →) `provisioning` → `active` → `released` | `expired`,
 * or `rejected`; `failed` when provisioning gave up; `namespace-missing` when
 * someone deleted the grant's namespace by hand.
 *
 * @public
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
/** The state of a request, one of {@link GPU_REQUEST_STATUSES}. @public */
export type GpuRequestStatus = (typeof GPU_REQUEST_STATUSES)[number];

/** How many days ahead a request may book its window (`startAt`). @public */
export const MAX_BOOKING_DAYS = 14;

/** Statuses in which a request holds its team's quota. @public */
export const QUOTA_HOLDING_STATUSES: readonly GpuRequestStatus[] = [
  'pending-approval',
  'approved',
  'provisioning',
  'active',
  'namespace-missing',
];

/** What a developer asks for. @public */
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
  /** How long the grant lasts, in hours. */
  durationHours: number;
  /** What the GPUs are for. */
  purpose: GpuPurpose;
  /** The most sensitive data the workload handles; the cluster must be allowed to hold it. */
  dataClassification: DataClassification;
  /** Why the GPUs are needed, for approvers. */
  justification: string;
  /**
   * Start later: books the window from here for `durationHours`, within 14 days, ISO 8601.
   * Now when absent.
   */
  startAt?: string;
}

/** A request and, once granted, its grant. @public */
export interface GpuRequest extends GpuRequestInput {
  /** The request's id, a UUID. */
  id: string;
  /** Where the request is in its life. */
  status: GpuRequestStatus;
  /** User entity ref of the requester. */
  requestedBy: string;
  /**
   * The service that asked on the requester's behalf (the actor of an
   * on-behalf-of token), e.g. `plugin:scaffolder`; it may withdraw the
   * request while it waits for an approver.
   */
  requestedVia?: string;
  /** When the request was made, ISO 8601. */
  createdAt: string;
  /** When the request last changed, ISO 8601. */
  updatedAt: string;
  /** `count × durationHours`. */
  gpuHours: number;
  /** Estimated cost of the whole duration, from the class's hourly rate. */
  estimatedCost: number;
  /** Whether a request this large needs an approver. */
  requiresApproval: boolean;
  /** User entity ref of the approver who approved or rejected it. */
  decidedBy?: string;
  /** When it was approved or rejected, ISO 8601. */
  decidedAt?: string;
  /** Why it was rejected. */
  rejectionReason?: string;
  /** The namespace the grant lives in, once provisioning started. */
  namespace?: string;
  /** When the grant became active, ISO 8601. */
  activeSince?: string;
  /** When the grant ends unless extended, ISO 8601. */
  expiresAt?: string;
  /** When the grant was released or expired, ISO 8601. */
  endedAt?: string;
  /** The last provisioning error, for `failed` and retries. */
  lastError?: string;
}

/** GPUs of one class (or MIG profile) on one cluster. @public */
export interface GpuClassCapacity {
  /** The cluster's name. */
  cluster: string;
  /** The GPU class id. */
  gpuClass: string;
  /** The GPU class's display name. */
  displayName: string;
  /** The Kubernetes resource counted, e.g. `nvidia.com/gpu` or `nvidia.com/mig-1g.10gb`. */
  resource: string;
  /** The MIG profile counted; whole GPUs when absent. */
  migProfile?: string;
  /** Memory of one GPU or MIG instance, in MiB. */
  memoryMiB: number;
  /** Price of one GPU-hour or instance-hour. */
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

/** Capacity of every cluster, with per-cluster errors so one bad cluster does not hide the others. @public */
export interface CapacityResponse {
  /** Capacity per cluster and class of the clusters that answered. */
  items: GpuClassCapacity[];
  /** The clusters that did not answer, and why. */
  errors: Array<{ cluster: string; message: string }>;
}

/** What a team may still request, per quota key. @public */
export interface TeamQuota {
  /** The team's group ref. */
  team: string;
  /** `*`: quotas hold across clusters. */
  cluster: string;
  /** The quota key: a class id (`h100`) or a class and MIG profile (`h100/1g.10gb`). */
  gpuClass: string;
  /** GPUs (or MIG instances) the team may hold at once. */
  limit: number;
  /** Held by the team's requests that hold quota. */
  used: number;
  /** `limit - used`, never below 0. */
  remaining: number;
}

/** A GPU class as configured, for forms and estimates. @public */
export interface GpuClassInfo {
  /** The class id, as in `gpuProvisioning.gpuClasses[].id`. */
  id: string;
  /** The name people see. */
  displayName: string;
  /** Memory of one GPU, in MiB. */
  memoryMiB: number;
  /** Price of one GPU-hour. */
  hourlyRate: number;
  /** MIG profiles the class can be split into, with their own rates. */
  migProfiles: Array<{ name: string; memoryMiB: number; hourlyRate: number }>;
  /** Clusters that have this class. */
  clusters: string[];
}

/** Policy facts the form shows while typing. @public */
export interface ProvisioningPolicyInfo {
  /** Longest grant in hours, extensions included. */
  maxDurationHours: number;
  /** Requests of more GPU-hours than this wait for an approver. */
  approvalThresholdGpuHours: number;
  /** Data classifications each cluster may hold. */
  clusterDataClassifications: Record<string, DataClassification[]>;
}
