import {
  CheckResult,
  FrameworkScore,
  Waiver,
} from '@ai-platform/plugin-compliance-common';
import { EntityFacts } from '../facts/types';

/** An entity (or group) the plugin has seen, with what roll-ups need. */
export interface StoredEntity {
  entityRef: string;
  kind: string;
  title?: string;
  ownerRef?: string;
  systemRef?: string;
  /** Changes when the entity changes; drives incremental re-evaluation. */
  hash: string;
  evaluatedAt?: string;
}

/** An entity's stored score in one framework. */
export interface StoredScore extends FrameworkScore {
  entityRef: string;
  evaluatedAt: string;
}

/** One entity's evaluation, written as a unit. */
export interface EntityEvaluation {
  entity: StoredEntity;
  facts: EntityFacts[];
  results: CheckResult[];
  scores: FrameworkScore[];
}

/** A day's score of an entity, system or group. */
export interface HistoryRow {
  day: string;
  subjectRef: string;
  frameworkId: string;
  score: number | null;
}

/** An evaluation run as stored: one runs at a time across replicas. */
export interface EvaluationRun {
  id: string;
  mode: 'full' | 'incremental';
  /** `schedule`, or `request` (an approver's "evaluate now"). */
  trigger: 'schedule' | 'request';
  status: 'running' | 'succeeded' | 'failed';
  /** The backend process running it. */
  owner: string;
  startedAt: string;
  /** Last sign of life while running. */
  heartbeatAt: string;
  finishedAt?: string;
  evaluated?: number;
  removed?: number;
  unchanged?: number;
  durationMs?: number;
  error?: string;
}

/** Whether a run may start, or the run already under way. */
export type EvaluationRunClaim =
  | { claimed: true }
  | { claimed: false; running: EvaluationRun };

/**
 * Evaluation runs: stored as they start, so one runs at a time across
 * replicas; a run whose process stopped beating is marked failed.
 */
export interface EvaluationRunStore {
  /**
   * Starts a run unless another is running; first marks failed the running
   * runs whose heartbeat is older than `staleBefore` (ISO 8601).
   */
  claim(
    run: Pick<EvaluationRun, 'id' | 'mode' | 'trigger' | 'owner' | 'startedAt'>,
    staleBefore: string,
  ): Promise<EvaluationRunClaim>;
  /** Renews a running run's heartbeat; false when it is no longer running under `owner`. */
  heartbeat(id: string, owner: string, at: string): Promise<boolean>;
  /** Records how a run ended. */
  finish(
    id: string,
    outcome: Pick<
      EvaluationRun,
      | 'status'
      | 'finishedAt'
      | 'evaluated'
      | 'removed'
      | 'unchanged'
      | 'durationMs'
      | 'error'
    >,
  ): Promise<void>;
  /** Marks running runs whose heartbeat is older than `staleBefore` failed; returns how many. */
  failStale(staleBefore: string, now: string): Promise<number>;
  /** The latest runs, newest first. */
  list(limit: number): Promise<EvaluationRun[]>;
}

/** Persistence of the compliance plugin. */
export interface ComplianceStore {
  /** Evaluation runs, on the same database. */
  readonly runs: EvaluationRunStore;
  /** Every stored entity and group. */
  listEntities(): Promise<StoredEntity[]>;
  /** One stored entity or group. */
  getEntity(entityRef: string): Promise<StoredEntity | undefined>;
  /** Stores entities without an evaluation (the groups, for their titles). */
  upsertEntities(entities: StoredEntity[]): Promise<void>;
  /** Writes evaluations: the entity row, its facts, results and scores. */
  writeEvaluations(evaluations: EntityEvaluation[]): Promise<void>;
  /** Removes entities and everything evaluated for them (not their waivers). */
  removeEntities(entityRefs: string[]): Promise<void>;
  getFacts(entityRef: string): Promise<EntityFacts[]>;
  getResults(entityRef: string): Promise<CheckResult[]>;
  /** Results of these checks (all checks when omitted) for all entities. */
  listResults(filter?: {
    checkIds?: string[];
    entityRefs?: string[];
  }): Promise<CheckResult[]>;
  getScores(entityRef: string): Promise<StoredScore[]>;
  listScores(): Promise<StoredScore[]>;
  writeHistory(rows: HistoryRow[]): Promise<void>;
  /** History of a subject since a day (inclusive). */
  getHistory(subjectRef: string, sinceDay: string): Promise<HistoryRow[]>;
  /** Deletes history older than a day; returns how many rows. */
  pruneHistory(beforeDay: string): Promise<number>;
  createWaiver(waiver: Omit<Waiver, 'active'>): Promise<void>;
  getWaiver(id: string): Promise<Omit<Waiver, 'active'> | undefined>;
  revokeWaiver(id: string, by: string, at: string): Promise<void>;
  /** Waivers of an entity, or of every entity. */
  listWaivers(entityRef?: string): Promise<Array<Omit<Waiver, 'active'>>>;
}
