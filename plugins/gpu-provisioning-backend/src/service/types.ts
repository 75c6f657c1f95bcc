import { CalendarHour } from '../scheduling/calendarHours';
import { AuditContext } from '@ai-platform/plugin-ai-platform-node';
import {
  CapacityResponse,
  GpuClassInfo,
  GpuRequest,
  GpuRequestStatus,
  ProvisioningPolicyInfo,
  QuotaSharingResponse,
  TeamQuota,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantReconciler } from '../lifecycle/GrantReconciler';
import {
  IdleGrant,
  IdleGrantList,
  IdleNotice,
  IdlePolicyReport,
} from '../idle/types';

/**
 * The part of the lifecycle loop the request services drive: provisioning a
 * request once it is approved, ending a grant on release and applying a
 * shrunk grant again.
 */
export type GrantLifecycle = Pick<
  GrantReconciler,
  'provision' | 'end' | 'reapply'
>;

/** Who is calling; audit events name them from these credentials. */
export type GpuRequestCallContext = AuditContext;

/** Which requests to list. */
export type GpuRequestScope = 'mine' | 'team' | 'all';

/** The classes and the policy, for forms and estimates. */
export interface GpuClassesResponse {
  classes: GpuClassInfo[];
  policy: ProvisioningPolicyInfo;
}

/** Submitting a request: membership, ownership, policy and quota checks. */
export interface GpuRequestSubmissionService {
  /**
   * Checks and records a request, reserving quota; provisions it at once when
   * it needs no approval, before answering or, with `respondAsync`, right
   * behind the answer. `created` is false for a replay of an idempotency key.
   */
  create(
    context: GpuRequestCallContext & {
      input: unknown;
      idempotencyKey?: string;
      respondAsync?: boolean;
    },
  ): Promise<{ request: GpuRequest; created: boolean }>;
}

/** Reading requests, within what the caller may read. */
export interface GpuRequestQueryService {
  get(context: GpuRequestCallContext & { id: string }): Promise<GpuRequest>;
  list(
    context: GpuRequestCallContext & {
      scope?: GpuRequestScope;
      statuses?: GpuRequestStatus[];
      team?: string;
      entityRef?: string;
    },
  ): Promise<GpuRequest[]>;
}

/** Approvers' decisions on requests held for approval. */
export interface GpuRequestDecisionService {
  /** Approves a pending request and provisions it. */
  approve(context: GpuRequestCallContext & { id: string }): Promise<GpuRequest>;
  /** Rejects a pending request with a reason, giving its quota back. */
  reject(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest>;
}

/** Changes to a granted request by its owners: more time, or giving it back. */
export interface GrantChangeService {
  extend(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest>;
  /** Withdraws a pending request or takes a grant off its cluster. */
  release(context: GpuRequestCallContext & { id: string }): Promise<GpuRequest>;
  /**
   * Withdraws a request that still waits for an approver: by those who may
   * release it, or by the service that made it on the requester's behalf.
   */
  withdraw(
    context: GpuRequestCallContext & { id: string },
  ): Promise<GpuRequest>;
}

/**
 * Idle grants: shrinking one, telling its owners, keeping it from the idle
 * policy, listing grants with their idle hours and the policy's dry run.
 */
export interface IdleGrantService {
  /** Lowers an active grant's count, on its cluster and in the ledger (owners and approvers). */
  shrink(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest>;
  /** Notifies an active grant's owners of its idle hours and cost (approvers). */
  notifyIdle(
    context: GpuRequestCallContext & { id: string },
  ): Promise<IdleNotice>;
  /** Keeps an active grant from the idle policy for some hours (owners and approvers). */
  keep(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<IdleGrant>;
  /** Active grants the caller may read, with their idle state. */
  list(context: GpuRequestCallContext): Promise<IdleGrantList>;
  /** What the idle policy would do now to the grants the caller may read. */
  report(context: GpuRequestCallContext): Promise<IdlePolicyReport>;
}

/** What the clusters have and what the portal offers. */
export interface GpuCapacityService {
  /** GPUs per cluster and class, with the portal's active grants. */
  capacity(context: GpuRequestCallContext): Promise<CapacityResponse>;
  /** The configured classes, where they are, and the policy. */
  classes(context: GpuRequestCallContext): Promise<GpuClassesResponse>;
}

/** Teams' quotas and what they use of them. */
export interface GpuQuotaService {
  quota(
    context: GpuRequestCallContext & { team?: string },
  ): Promise<TeamQuota[]>;
}

/** How a team's Kueue quota is shared in its cohort. */
export interface QuotaSharingService {
  /** The team's cohort on each Kueue cluster, from the clusters' ClusterQueues. */
  quotaSharing(
    context: GpuRequestCallContext & { query: unknown },
  ): Promise<QuotaSharingResponse>;
}

/** `GET /start-estimate`'s answer (its OpenAPI schema `StartEstimate`). */
export interface StartEstimateResponse {
  outcome: 'now' | 'later' | 'over-quota' | 'unknown';
  startsAt?: string;
  binding?: 'quota' | 'capacity' | 'quota-and-capacity';
  waitsFor?: number;
  quotaLimit: number;
  quotaLeft: number;
  freeNow: number;
  requiresApproval: boolean;
  /** The answer in one sentence, without clock times. */
  reason: string;
}

/** Whether and when a request would start, before it is made. */
export interface StartEstimateService {
  estimate(
    context: GpuRequestCallContext & { query: unknown },
  ): Promise<StartEstimateResponse>;
}

/** `GET /calendar`'s answer (its OpenAPI schema `Calendar`). */
export interface CalendarResponse {
  cluster: string;
  gpuClass: string;
  migProfile?: string;
  from: string;
  to: string;
  /** Allocatable GPUs (or MIG instances) of the class on the cluster. */
  capacity: number;
  hours: CalendarHour[];
  /** The caller's teams, each against its quota. */
  teams: Array<{ team: string; limit: number; hours: CalendarHour[] }>;
}

/** What is booked and free of a class on a cluster, hour by hour. */
export interface CalendarService {
  calendar(
    context: GpuRequestCallContext & { query: unknown },
  ): Promise<CalendarResponse>;
}

/** Every use case of GPU provisioning, as the REST API serves them. */
export interface GpuRequestServices {
  submissions: GpuRequestSubmissionService;
  queries: GpuRequestQueryService;
  decisions: GpuRequestDecisionService;
  grants: GrantChangeService;
  capacity: GpuCapacityService;
  quotas: GpuQuotaService;
  quotaSharing: QuotaSharingService;
  startEstimates: StartEstimateService;
  calendar: CalendarService;
  idle: IdleGrantService;
}
