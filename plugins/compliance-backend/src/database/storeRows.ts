import { CheckStatus, Waiver } from '@ai-platform/plugin-compliance-common';
import { EntityFacts } from '../facts/types';
import { StoredEntity, StoredResult, StoredScore } from './types';

// Rows of the compliance tables and their columns, for DatabaseComplianceStore.

export const orUndefined = <T>(v: T | null): T | undefined =>
  v === null ? undefined : v;

export type WaiverRow = {
  id: string;
  entity_ref: string;
  check_id: string;
  justification: string;
  approver: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
};

export function waiverFromRow(row: WaiverRow): Omit<Waiver, 'active'> {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    checkId: row.check_id,
    justification: row.justification,
    approver: row.approver,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: orUndefined(row.revoked_at),
    revokedBy: orUndefined(row.revoked_by),
  };
}

/** A result as stored in its entity's packed row: `[checkId, status, waiverId?]`. */
export function packResult(r: StoredResult): string[] {
  return r.waiverId ? [r.checkId, r.status, r.waiverId] : [r.checkId, r.status];
}

export function unpackResults(
  entityRef: string,
  packed: string,
): StoredResult[] {
  return (JSON.parse(packed) as string[][]).map(
    ([checkId, status, waiverId]) => ({
      entityRef,
      checkId,
      status: status as CheckStatus,
      ...(waiverId ? { waiverId } : {}),
    }),
  );
}

export function factsFromRow(r: any): EntityFacts {
  return {
    retriever: r.retriever,
    collectedAt: r.collected_at,
    values: JSON.parse(r.facts),
    ...(r.error ? { error: r.error } : {}),
  };
}

export const ENTITY_COLUMNS = [
  { name: 'entity_ref', pgType: 'text' },
  { name: 'kind', pgType: 'text' },
  { name: 'title', pgType: 'text' },
  { name: 'owner_ref', pgType: 'text' },
  { name: 'system_ref', pgType: 'text' },
  { name: 'hash', pgType: 'text' },
  { name: 'inputs_hash', pgType: 'text' },
  { name: 'evaluated_at', pgType: 'text' },
] as const;
export const FACT_COLUMNS = [
  { name: 'entity_ref', pgType: 'text' },
  { name: 'retriever', pgType: 'text' },
  { name: 'facts', pgType: 'text' },
  { name: 'collected_at', pgType: 'text' },
  { name: 'error', pgType: 'text' },
] as const;
export const RESULT_COLUMNS = [
  { name: 'entity_ref', pgType: 'text' },
  { name: 'results', pgType: 'text' },
] as const;
export const SCORE_COLUMNS = [
  { name: 'entity_ref', pgType: 'text' },
  { name: 'framework_id', pgType: 'text' },
  { name: 'score', pgType: 'double precision' },
  { name: 'level', pgType: 'text' },
  { name: 'passed', pgType: 'integer' },
  { name: 'failed', pgType: 'integer' },
  { name: 'waived', pgType: 'integer' },
  { name: 'unknown', pgType: 'integer' },
  { name: 'not_applicable', pgType: 'integer' },
  { name: 'evaluated_at', pgType: 'text' },
] as const;

export function scoreFromRow(row: any): StoredScore {
  return {
    entityRef: row.entity_ref,
    frameworkId: row.framework_id,
    score: row.score === null ? null : Number(row.score),
    level: row.level,
    passed: Number(row.passed),
    failed: Number(row.failed),
    waived: Number(row.waived),
    unknown: Number(row.unknown),
    notApplicable: Number(row.not_applicable),
    evaluatedAt: row.evaluated_at,
  };
}

export function entityFromRow(r: any): StoredEntity {
  return {
    entityRef: r.entity_ref,
    kind: r.kind,
    title: orUndefined(r.title),
    ownerRef: orUndefined(r.owner_ref),
    systemRef: orUndefined(r.system_ref),
    hash: r.hash,
    inputsHash: orUndefined(r.inputs_hash),
    evaluatedAt: orUndefined(r.evaluated_at),
  };
}

export function entityRow(e: StoredEntity) {
  return {
    entity_ref: e.entityRef,
    kind: e.kind,
    title: e.title ?? null,
    owner_ref: e.ownerRef ?? null,
    system_ref: e.systemRef ?? null,
    hash: e.hash,
    inputs_hash: e.inputsHash ?? null,
    evaluated_at: e.evaluatedAt ?? null,
  };
}
