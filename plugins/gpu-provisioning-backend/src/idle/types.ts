import {
  GpuProvisioningApiComponents,
  GpuRequest,
} from '@ai-platform/plugin-gpu-provisioning-common';

/** An active grant with its idle hours and cost: the API's `IdleGrant`. */
export type IdleGrant = GpuProvisioningApiComponents['schemas']['IdleGrant'];
/** `GET /idle-grants`' answer. */
export type IdleGrantList =
  GpuProvisioningApiComponents['schemas']['IdleGrantList'];
/** `POST /requests/{id}/idle-notice`'s answer. */
export type IdleNotice = GpuProvisioningApiComponents['schemas']['IdleNotice'];
/** `GET /idle-policy/report`'s answer. */
export type IdlePolicyReport =
  GpuProvisioningApiComponents['schemas']['IdlePolicyReport'];

/** `gpuProvisioning.idlePolicy`, read and defaulted. */
export interface IdlePolicyConfig {
  /** Whether the lifecycle loop runs the policy at all. Default false. */
  enabled: boolean;
  /** With `enabled`: only report, never warn or release. Default true. */
  dryRun: boolean;
  /** A grant idle longer than this is warned. Default 24. */
  idleHours: number;
  /** A warned grant still idle this long after the warning is released. Default 24. */
  graceHours: number;
}

/** How the GPUs of one grant's namespace were used, as gpu-metrics measures it. */
export interface GrantUsage {
  /** The end of the last step when a GPU of the namespace was busy; null when none was in the window. */
  lastBusyAt: string | null;
  /** The start of the window the answer covers; before it nothing is known. */
  windowStart: string;
}

/**
 * Where the idle policy learns when a grant's GPUs were last busy: gpu-metrics'
 * `GET /namespace-usage` in production, a fake in unit tests.
 */
export interface GrantUsageSource {
  /**
   * The usage of `namespace` on `cluster` over a window reaching back at
   * least to `since` (capped at what the source keeps). Throws when it
   * cannot be read.
   */
  usage(options: {
    cluster: string;
    namespace: string;
    since: Date;
  }): Promise<GrantUsage>;
  /**
   * A view for one pass over many grants: what it answers for a grant comes
   * from one read per cluster and window, shared by every grant asked about
   * through it, so a pass costs the same few reads however many grants
   * there are. Sources without it are asked grant by grant.
   */
  batch?(): Pick<GrantUsageSource, 'usage'>;
}

/** What the store remembers of the idle policy for one grant. */
export interface IdleState {
  /** When the owners were warned their grant sits idle. */
  warnedAt?: string;
  /** The owners keep the grant; the policy leaves it until then. */
  keptUntil?: string;
  keptBy?: string;
}

/** The idle policy's part of the grant store; every change a compare and set. */
export interface IdleGrantStore {
  /** The idle state of each grant by id (grants with none are absent). */
  states(ids: string[]): Promise<Map<string, IdleState>>;
  /**
   * Marks an active grant warned, only if it was not yet and is not kept
   * at `now`; true for the one caller that did, across replicas.
   */
  markIdleWarned(id: string, now: Date): Promise<boolean>;
  /** Clears the warning of a grant that was busy again; true when there was one. */
  clearIdleWarning(id: string, warnedAt: string): Promise<boolean>;
  /**
   * Keeps an active grant until `until` and clears its warning; undefined
   * when the grant is no longer active.
   */
  keep(options: {
    id: string;
    until: Date;
    by: string;
  }): Promise<IdleState | undefined>;
  /**
   * Lowers an active grant to `count` GPUs and gives the difference back
   * to the team's quota in one transaction, re-estimating its cost at
   * `hourlyRate`. `NotFoundError` without the request, `ConflictError`
   * when it is not active or `count` is not below what it holds.
   */
  shrink(options: {
    id: string;
    count: number;
    hourlyRate: number;
  }): Promise<GpuRequest>;
}
