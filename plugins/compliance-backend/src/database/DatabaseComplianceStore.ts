import { openPluginDatabase } from '@ai-platform/plugin-ai-platform-node';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { Waiver } from '@ai-platform/plugin-compliance-common';
import { EntityFacts } from '../facts/types';
import { bulkInsert, inMany, isPostgres, whereInMany } from './bulkWrites';
import {
  orUndefined,
  WaiverRow,
  waiverFromRow,
  packResult,
  unpackResults,
  factsFromRow,
  ENTITY_COLUMNS,
  FACT_COLUMNS,
  RESULT_COLUMNS,
  SCORE_COLUMNS,
  scoreFromRow,
  entityFromRow,
  entityRow,
} from './storeRows';
import { DatabaseEvaluationRunStore } from './DatabaseEvaluationRunStore';
import {
  addToScoreSums,
  deleteScoredRows,
  dropEmptiedSums,
  EmptiedSums,
  readScoreSums,
} from './scoreSums';
import {
  ComplianceStore,
  EntityEvaluation,
  EvaluationRunStore,
  HistoryRow,
  ScoreSum,
  StoredCheckResult,
  StoredEntity,
  StoredScore,
  UnchangedEntities,
} from './types';

const migrationsDir = resolvePackagePath(
  '@ai-platform/plugin-compliance-backend',
  'migrations',
);

/** Rows per insert: below SQLite's bound-variable limit with room to spare. */
const CHUNK = 100;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/**
 * Serialises the writes of evaluations on PostgreSQL, across replicas, as
 * SQLite's one connection does: a re-check and a run writing the same entity
 * and its teams' sums at once could otherwise each wait on rows the other
 * holds, and the newer-evaluation check below could read a row about to change.
 */
const LOCK_EVALUATION_WRITES =
  "select pg_advisory_xact_lock(hashtext('ai-platform.compliance.evaluation-writes'))";

/**
 * Whether an evaluation at `at` is older than the stored one: ISO times of
 * one format compare as text.
 */
function isOlder(at: string | undefined, stored: string | undefined): boolean {
  return !!at && !!stored && at < stored;
}

/** {@link ComplianceStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseComplianceStore implements ComplianceStore {
  readonly runs: EvaluationRunStore;

  private constructor(private readonly db: Knex) {
    this.runs = DatabaseEvaluationRunStore.create({ db });
  }

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseComplianceStore> {
    const db = await openPluginDatabase(options.database, {
      migrationsDirectory: migrationsDir,
      skipMigrations: options.skipMigrations,
    });
    return new DatabaseComplianceStore(db);
  }

  async listEntities(): Promise<StoredEntity[]> {
    const rows = await this.db('compliance_entities').select();
    return rows.map(entityFromRow);
  }

  listEntityRefs(): Promise<string[]> {
    return this.db('compliance_entities').pluck('entity_ref');
  }

  async getEntity(entityRef: string): Promise<StoredEntity | undefined> {
    const row = await this.db('compliance_entities')
      .where({ entity_ref: entityRef })
      .first();
    return row ? entityFromRow(row) : undefined;
  }

  async upsertEntities(entities: StoredEntity[]): Promise<void> {
    await this.db.transaction(async tx => {
      for (const chunk of chunks(entities)) {
        // A stored row keeps all but its title: were its owner or system
        // to change without its scores being written, its sums would not
        // follow, and an evaluated entity's hashes would be lost.
        await tx('compliance_entities')
          .insert(chunk.map(entityRow))
          .onConflict('entity_ref')
          .merge(['title']);
      }
    });
  }

  async writeEvaluations(evaluations: EntityEvaluation[]): Promise<string[]> {
    if (!evaluations.length) return [];
    return this.writeEvaluationStream(
      (async function* one() {
        yield evaluations;
      })(),
    );
  }

  async writeEvaluationStream(
    slices: AsyncIterable<EntityEvaluation[]>,
  ): Promise<string[]> {
    // One transaction: readers see every entity's whole earlier or later
    // evaluation, and roll-up sums that agree with it.
    return this.db.transaction(async tx => {
      await this.lockEvaluationWrites(tx);
      const emptied: EmptiedSums = new Set();
      const superseded: string[] = [];
      for await (const slice of slices)
        superseded.push(...(await this.writeSlice(tx, slice, emptied)));
      await dropEmptiedSums(this.db, tx, emptied);
      return superseded;
    });
  }

  /** Writes a slice, except evaluations older than the stored ones; returns their refs. */
  private async writeSlice(
    tx: Knex.Transaction,
    slice: EntityEvaluation[],
    emptied: EmptiedSums,
  ): Promise<string[]> {
    if (!slice.length) return [];
    const stored = await this.evaluatedAt(
      tx,
      slice.map(e => e.entity.entityRef),
    );
    const isNewer = (e: EntityEvaluation) =>
      !isOlder(e.entity.evaluatedAt, stored.get(e.entity.entityRef));
    const evaluations = slice.filter(isNewer);
    const superseded = slice
      .filter(e => !isNewer(e))
      .map(e => e.entity.entityRef);
    if (!evaluations.length) return superseded;
    const refs = evaluations.map(e => e.entity.entityRef);
    await this.deleteRows(tx, refs, emptied);
    const entityRows = evaluations.map(e => {
      const row = entityRow(e.entity);
      return ENTITY_COLUMNS.map(c => row[c.name]);
    });
    await bulkInsert(
      tx,
      'compliance_entities',
      [...ENTITY_COLUMNS],
      entityRows,
    );
    await bulkInsert(
      tx,
      'compliance_facts',
      [...FACT_COLUMNS],
      evaluations.flatMap(e =>
        e.facts.map(f => [
          e.entity.entityRef,
          f.retriever,
          JSON.stringify(f.values),
          f.collectedAt,
          f.error ?? null,
        ]),
      ),
    );
    await bulkInsert(
      tx,
      'compliance_entity_results',
      [...RESULT_COLUMNS],
      evaluations.map(e => [
        e.entity.entityRef,
        JSON.stringify(e.results.map(packResult)),
      ]),
    );
    await bulkInsert(
      tx,
      'compliance_scores',
      [...SCORE_COLUMNS],
      evaluations.flatMap(e =>
        e.scores.map(s => [
          e.entity.entityRef,
          s.frameworkId,
          s.score,
          s.level,
          s.passed,
          s.failed,
          s.waived,
          s.unknown,
          s.notApplicable,
          e.entity.evaluatedAt ?? new Date().toISOString(),
        ]),
      ),
    );
    await addToScoreSums(this.db, tx, refs);
    return superseded;
  }

  async markUnchanged(unchanged: UnchangedEntities): Promise<void> {
    if (!unchanged.entityRefs.length) return;
    const { db } = this;
    await db.transaction(async tx => {
      await this.lockEvaluationWrites(tx);
      // An entity evaluated since this run read it keeps that newer time.
      const stored = await this.evaluatedAt(tx, unchanged.entityRefs);
      const current = new Set(
        unchanged.entityRefs.filter(
          ref => !isOlder(unchanged.evaluatedAt, stored.get(ref)),
        ),
      );
      const refs = [...current];
      if (!refs.length) return;
      await whereInMany(
        db,
        tx('compliance_entities'),
        'entity_ref',
        refs,
      ).update({ evaluated_at: unchanged.evaluatedAt });
      await whereInMany(db, tx('compliance_scores'), 'entity_ref', refs).update(
        {
          evaluated_at: unchanged.evaluatedAt,
        },
      );
      for (const c of unchanged.collected) {
        const collectedRefs = c.entityRefs.filter(ref => current.has(ref));
        if (!collectedRefs.length) continue;
        await whereInMany(
          db,
          tx('compliance_facts').where({ retriever: c.retriever }),
          'entity_ref',
          collectedRefs,
        ).update({ collected_at: c.collectedAt });
      }
    });
  }

  async removeEntities(entityRefs: string[], readAt?: string): Promise<void> {
    if (!entityRefs.length) return;
    await this.db.transaction(async tx => {
      await this.lockEvaluationWrites(tx);
      let refs = entityRefs;
      if (readAt) {
        // Evaluated from a newer reading of the catalog, which has them.
        const stored = await this.evaluatedAt(tx, entityRefs);
        refs = entityRefs.filter(ref => !isOlder(readAt, stored.get(ref)));
      }
      const emptied: EmptiedSums = new Set();
      await this.deleteRows(tx, refs, emptied);
      await dropEmptiedSums(this.db, tx, emptied);
    });
  }

  private async lockEvaluationWrites(tx: Knex.Transaction) {
    if (isPostgres(this.db)) await tx.raw(LOCK_EVALUATION_WRITES);
  }

  /** When each of these entities was last evaluated, for those that were. */
  private async evaluatedAt(
    tx: Knex.Transaction,
    refs: string[],
  ): Promise<Map<string, string>> {
    const rows: Array<{ entity_ref: string; evaluated_at: string | null }> =
      await whereInMany(
        this.db,
        tx('compliance_entities').select('entity_ref', 'evaluated_at'),
        'entity_ref',
        refs,
      );
    const out = new Map<string, string>();
    for (const r of rows)
      if (r.evaluated_at) out.set(r.entity_ref, r.evaluated_at);
    return out;
  }

  /**
   * Deletes the entities' rows and everything evaluated for them, taking
   * their scores out of the sums.
   */
  private async deleteRows(
    tx: Knex.Transaction,
    refs: string[],
    emptied: EmptiedSums,
  ) {
    if (!refs.length) return;
    for (const table of ['compliance_facts', 'compliance_entity_results'])
      await whereInMany(this.db, tx(table), 'entity_ref', refs).delete();
    await deleteScoredRows(this.db, tx, refs, emptied);
  }

  async getFacts(entityRef: string): Promise<EntityFacts[]> {
    const rows = await this.db('compliance_facts').where({
      entity_ref: entityRef,
    });
    return rows.map(factsFromRow);
  }

  async listFacts(entityRefs?: string[]): Promise<Map<string, EntityFacts[]>> {
    const query = this.db('compliance_facts').select();
    if (entityRefs) whereInMany(this.db, query, 'entity_ref', entityRefs);
    const out = new Map<string, EntityFacts[]>();
    for (const row of await query) {
      const list = out.get(row.entity_ref) ?? [];
      list.push(factsFromRow(row));
      out.set(row.entity_ref, list);
    }
    return out;
  }

  async getResults(entityRef: string): Promise<StoredCheckResult[]> {
    return this.listResults({ entityRefs: [entityRef] });
  }

  async listResults(
    filter: { checkIds?: string[]; entityRefs?: string[] } = {},
  ): Promise<StoredCheckResult[]> {
    const query = this.db('compliance_entity_results as r')
      .join('compliance_entities as e', 'e.entity_ref', 'r.entity_ref')
      .select('r.entity_ref', 'r.results', 'e.evaluated_at')
      .orderBy('r.entity_ref');
    if (filter.entityRefs)
      whereInMany(this.db, query, 'r.entity_ref', filter.entityRefs);
    const checks = filter.checkIds ? new Set(filter.checkIds) : undefined;
    const out: StoredCheckResult[] = [];
    for (const row of await query) {
      const results = unpackResults(row.entity_ref, row.results)
        .filter(r => !checks || checks.has(r.checkId))
        // By code point, as the database ordered them (ids are unique).
        .sort((a, b) => (a.checkId < b.checkId ? -1 : 1));
      for (const r of results)
        out.push({ ...r, evaluatedAt: row.evaluated_at });
    }
    return out;
  }

  async getScores(entityRef: string): Promise<StoredScore[]> {
    const rows = await this.db('compliance_scores').where({
      entity_ref: entityRef,
    });
    return rows.map(scoreFromRow);
  }

  async listScores(): Promise<StoredScore[]> {
    const rows = await this.db('compliance_scores').select();
    return rows.map(scoreFromRow);
  }

  scoreSums(
    by: 'owner' | 'system',
    subjectRefs?: string[],
  ): Promise<ScoreSum[]> {
    return readScoreSums(this.db, by, subjectRefs);
  }

  async titles(kind: string): Promise<Map<string, string | undefined>> {
    const rows = await this.db('compliance_entities')
      .where({ kind })
      .select('entity_ref', 'title');
    return new Map(rows.map(r => [r.entity_ref, orUndefined(r.title)]));
  }

  async writeEntityHistory(day: string, entityRefs?: string[]): Promise<void> {
    const only = entityRefs ? inMany(this.db, entityRefs) : undefined;
    await this.db.raw(
      `insert into compliance_history (day, subject_ref, framework_id, score)
       select cast(? as text), entity_ref, framework_id, score
       from compliance_scores
       where ${only ? `entity_ref ${only.sql}` : '1 = 1'}
       on conflict (day, subject_ref, framework_id)
       do update set score = excluded.score`,
      only ? [day, only.binding] : [day],
    );
  }

  async writeHistory(rows: HistoryRow[]): Promise<void> {
    await this.db.transaction(async tx => {
      for (const c of chunks(rows)) {
        await tx('compliance_history')
          .insert(
            c.map(r => ({
              day: r.day,
              subject_ref: r.subjectRef,
              framework_id: r.frameworkId,
              score: r.score,
            })),
          )
          .onConflict(['day', 'subject_ref', 'framework_id'])
          .merge();
      }
    });
  }

  async getHistory(
    subjectRef: string,
    sinceDay: string,
  ): Promise<HistoryRow[]> {
    const rows = await this.db('compliance_history')
      .where({ subject_ref: subjectRef })
      .andWhere('day', '>=', sinceDay)
      .orderBy(['day', 'framework_id']);
    return rows.map(r => ({
      day: r.day,
      subjectRef: r.subject_ref,
      frameworkId: r.framework_id,
      score: r.score === null ? null : Number(r.score),
    }));
  }

  async pruneHistory(beforeDay: string): Promise<number> {
    return this.db('compliance_history').where('day', '<', beforeDay).delete();
  }

  async createWaiver(waiver: Omit<Waiver, 'active'>): Promise<void> {
    await this.db('compliance_waivers').insert({
      id: waiver.id,
      entity_ref: waiver.entityRef,
      check_id: waiver.checkId,
      justification: waiver.justification,
      approver: waiver.approver,
      created_at: waiver.createdAt,
      expires_at: waiver.expiresAt,
      revoked_at: waiver.revokedAt ?? null,
      revoked_by: waiver.revokedBy ?? null,
    });
  }

  async getWaiver(id: string): Promise<Omit<Waiver, 'active'> | undefined> {
    const row = await this.db<WaiverRow>('compliance_waivers')
      .where({ id })
      .first();
    return row ? waiverFromRow(row) : undefined;
  }

  async revokeWaiver(id: string, by: string, at: string): Promise<void> {
    await this.db('compliance_waivers')
      .where({ id })
      .whereNull('revoked_at')
      .update({ revoked_at: at, revoked_by: by });
  }

  async listWaivers(
    entityRef?: string,
  ): Promise<Array<Omit<Waiver, 'active'>>> {
    const query = this.db<WaiverRow>('compliance_waivers').select();
    if (entityRef) query.where({ entity_ref: entityRef });
    const rows = await query.orderBy('created_at', 'desc');
    return rows.map(waiverFromRow);
  }
}
