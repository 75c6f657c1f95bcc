import {
  GpuRequest,
  GpuRequestStatus,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuRequestChanges, NewGpuRequest } from './types';

/*
 * The tables of the grant store and the mapping between their rows and
 * requests, the same on PostgreSQL and SQLite.
 */

/** One row per request. */
export const REQUESTS = 'gpu_requests';
/** One row per team and quota key: the GPUs its requests hold. */
export const LEDGER = 'gpu_quota_usage';

/** A row of the requests table. */
export interface RequestRow {
  id: string;
  team: string;
  entity_ref: string | null;
  cluster: string;
  gpu_class: string;
  mig_profile: string | null;
  quota_key: string;
  gpu_count: number;
  duration_hours: number;
  purpose: string;
  data_classification: string;
  justification: string;
  status: string;
  requested_by: string;
  requested_via?: string | null;
  idempotency_key: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  gpu_hours: number;
  estimated_cost_cents: number | string;
  requires_approval: boolean | number;
  decided_by: string | null;
  decided_at: Date | string | null;
  rejection_reason: string | null;
  namespace: string | null;
  active_since: Date | string | null;
  expires_at: Date | string | null;
  ended_at: Date | string | null;
  last_error: string | null;
  attempts: number;
  next_attempt_at: Date | string | null;
  expiry_warned_at: Date | string | null;
  claimed_by: string | null;
  claim_expires_at: Date | string | null;
  start_at: Date | string | null;
  start_warned_at?: Date | string | null;
  idle_warned_at?: Date | string | null;
  kept_until?: Date | string | null;
  kept_by?: string | null;
}

/** The column each change of a request is written to. */
export const CHANGE_COLUMNS: Record<keyof GpuRequestChanges, keyof RequestRow> =
  {
    namespace: 'namespace',
    activeSince: 'active_since',
    expiresAt: 'expires_at',
    endedAt: 'ended_at',
    lastError: 'last_error',
    decidedBy: 'decided_by',
    decidedAt: 'decided_at',
    rejectionReason: 'rejection_reason',
  };

/** Changes that are timestamps. */
export const TIME_CHANGES = new Set<keyof GpuRequestChanges>([
  'activeSince',
  'expiresAt',
  'endedAt',
  'decidedAt',
]);

/** Timestamps are written as ISO strings: PostgreSQL parses them, SQLite compares them. */
export function timestamp(value: Date | string): string {
  return new Date(value).toISOString();
}

function isoOrUndefined(value: Date | string | null): string | undefined {
  return value === null || value === undefined
    ? undefined
    : new Date(value).toISOString();
}

/** The request a row holds; absent optional fields are left out. */
export function toRequest(row: RequestRow): GpuRequest {
  const request: GpuRequest = {
    id: row.id,
    team: row.team,
    cluster: row.cluster,
    gpuClass: row.gpu_class,
    count: Number(row.gpu_count),
    durationHours: Number(row.duration_hours),
    purpose: row.purpose as GpuRequest['purpose'],
    dataClassification:
      row.data_classification as GpuRequest['dataClassification'],
    justification: row.justification,
    status: row.status as GpuRequestStatus,
    requestedBy: row.requested_by,
    createdAt: timestamp(row.created_at),
    updatedAt: timestamp(row.updated_at),
    gpuHours: Number(row.gpu_hours),
    estimatedCost: Number(row.estimated_cost_cents) / 100,
    requiresApproval: Boolean(row.requires_approval),
  };
  const optional: Partial<GpuRequest> = {
    entityRef: row.entity_ref ?? undefined,
    migProfile: row.mig_profile ?? undefined,
    requestedVia: row.requested_via ?? undefined,
    decidedBy: row.decided_by ?? undefined,
    decidedAt: isoOrUndefined(row.decided_at),
    rejectionReason: row.rejection_reason ?? undefined,
    namespace: row.namespace ?? undefined,
    activeSince: isoOrUndefined(row.active_since),
    expiresAt: isoOrUndefined(row.expires_at),
    endedAt: isoOrUndefined(row.ended_at),
    lastError: row.last_error ?? undefined,
    startAt: isoOrUndefined(row.start_at),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) {
      (request as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return request;
}

/** The row of a new request; timestamps as `timestamp` writes them. */
export function newRequestRow(options: {
  id: string;
  request: NewGpuRequest;
  quotaKey: string;
  idempotencyKey?: string;
  now: string;
}) {
  const { id, request, quotaKey, idempotencyKey, now } = options;
  return {
    id,
    team: request.team,
    entity_ref: request.entityRef ?? null,
    cluster: request.cluster,
    gpu_class: request.gpuClass,
    mig_profile: request.migProfile ?? null,
    quota_key: quotaKey,
    gpu_count: request.count,
    duration_hours: request.durationHours,
    purpose: request.purpose,
    data_classification: request.dataClassification,
    justification: request.justification,
    status: request.status,
    requested_by: request.requestedBy,
    requested_via: request.requestedVia ?? null,
    idempotency_key: idempotencyKey ?? null,
    created_at: now,
    updated_at: now,
    gpu_hours: request.gpuHours,
    // A cent-rounded amount: × 100 and rounding gives its exact cents.
    estimated_cost_cents: Math.round(request.estimatedCost * 100),
    requires_approval: request.requiresApproval,
    attempts: 0,
    start_at: request.startAt ? timestamp(request.startAt) : null,
  };
}

/** The column updates of a request's changes; an absent value clears its column. */
export function changeColumns(
  changes: GpuRequestChanges,
): Record<string, unknown> {
  const update: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    const column = CHANGE_COLUMNS[key as keyof GpuRequestChanges];
    if (!column) continue;
    if (value === undefined || value === null) {
      update[column] = null;
    } else if (TIME_CHANGES.has(key as keyof GpuRequestChanges)) {
      update[column] = timestamp(value);
    } else {
      update[column] = value;
    }
  }
  return update;
}
