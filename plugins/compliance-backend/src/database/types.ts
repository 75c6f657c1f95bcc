import {
  CheckStatus,
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
  /**
   * Hash of what the last evaluation read (facts, waivers in force, the
   * definitions): a run skips an entity whose inputs hash is unchanged.
   */
  inputsHash?: string;
  evaluatedAt?: string;
}

/**
 * A check's outcome as stored: narrow, as its evidence is derived from the
 * entity's stored facts and its time is the entity's `evaluatedAt`.
 */
export interface StoredResult {
  entityRef: string;
  checkId: string;
  status: CheckStatus;
  waiverId?: string;
}

/** A stored result with the time of its entity's evaluation. */
export interface StoredCheckResult extends StoredResult {
  evaluatedAt: string;
}

/**
 * The scores of the entities directly under one subject (owned by a group,
 * or part of a system) in one framework, summed by the database; roll-ups
 * add these up the Group tree.
 */
export interface ScoreSum {
  subjectRef: string;
  frameworkId: string;
  /** Sum of the scores in tenths of a point (scores have one decimal), exact. */
  tenths: number;
  /** Entities with a score (not null). */
  scored: number;
  /** Entities in the framework, with or without a score. */
  entities: number;
}

/** Entities whose inputs did not change, confirmed by a run. */
export interface UnchangedEntities {
  entityRefs: string[];
  evaluatedAt: string;
  /** The facts' new collection times, by retriever and time. */
  collected: Array<{
    retriever: string;
    collectedAt: string;
    entityRefs: string[];
  }>;
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
  results: StoredResult[];
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
  /** The refs of every stored entity and group. */
  listEntityRefs(): Promise<string[]>;
  /** One stored entity or group. */
  getEntity(entityRef: string): Promise<StoredEntity | undefined>;
  /** Stores entities without an evaluation (the groups, for their titles). */
  upsertEntities(entities: StoredEntity[]): Promise<void>;
  /**
   * Writes evaluations, all in one transaction: the entity rows, their
   * facts, results and scores. As {@link ComplianceStore.writeEvaluationStream},
   * an evaluation older than the stored one is not written.
   */
  writeEvaluations(evaluations: EntityEvaluation[]): Promise<string[]>;
  /**
   * Writes evaluations as they are produced, slice by slice, all in one
   * transaction (on PostgreSQL the database writes one slice while the next
   * is evaluated). Writes are serialised across replicas. An evaluation
   * older than the one stored for its entity (a re-check wrote while a run
   * gathered facts) is not written: returns the refs of those superseded.
   */
  writeEvaluationStream(
    slices: AsyncIterable<EntityEvaluation[]>,
  ): Promise<string[]>;
  /**
   * Records that a run found these entities' inputs unchanged; an entity
   * evaluated after `evaluatedAt` keeps its newer time.
   */
  markUnchanged(unchanged: UnchangedEntities): Promise<void>;
  /**
   * Removes entities and everything evaluated for them (not their waivers).
   * With `readAt` (when the catalog was read without them), an entity
   * evaluated after it, from a newer reading, is kept.
   */
  removeEntities(entityRefs: string[], readAt?: string): Promise<void>;
  getFacts(entityRef: string): Promise<EntityFacts[]>;
  /** Facts of these entities (all when omitted), by entity ref. */
  listFacts(entityRefs?: string[]): Promise<Map<string, EntityFacts[]>>;
  getResults(entityRef: string): Promise<StoredCheckResult[]>;
  /** Results of these checks (all checks when omitted) for all entities. */
  listResults(filter?: {
    checkIds?: string[];
    entityRefs?: string[];
  }): Promise<StoredCheckResult[]>;
  getScores(entityRef: string): Promise<StoredScore[]>;
  listScores(): Promise<StoredScore[]>;
  /**
   * Score sums by owning group (`owner`) or by system (`system`: a system's
   * own scores with its parts'), summed by the database; only the subjects
   * named when `subjectRefs` is given.
   */
  scoreSums(
    by: 'owner' | 'system',
    subjectRefs?: string[],
  ): Promise<ScoreSum[]>;
  /** Titles of the stored entities of a kind, by ref. */
  titles(kind: string): Promise<Map<string, string | undefined>>;
  writeHistory(rows: HistoryRow[]): Promise<void>;
  /**
   * Today's history rows of entities from their stored scores, in the
   * database (all scored entities when `entityRefs` is omitted).
   */
  writeEntityHistory(day: string, entityRefs?: string[]): Promise<void>;
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
