import { openPluginDatabase } from '@ai-platform/plugin-ai-platform-node';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  CheckResult,
  CheckStatus,
  Waiver,
} from '@ai-platform/plugin-compliance-common';
import { EntityFacts } from '../facts/types';
import { DatabaseEvaluationRunStore } from './DatabaseEvaluationRunStore';
import {
  ComplianceStore,
  EntityEvaluation,
  EvaluationRunStore,
  HistoryRow,
  StoredEntity,
  StoredScore,
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

const orUndefined = <T>(v: T | null): T | undefined =>
  v === null ? undefined : v;

type WaiverRow = {
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

function waiverFromRow(row: WaiverRow): Omit<Waiver, 'active'> {
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

function resultFromRow(row: {
  entity_ref: string;
  check_id: string;
  status: string;
  evaluated_at: string;
  evidence: string;
  waiver_id: string | null;
}): CheckResult {
  return {
    entityRef: row.entity_ref,
    checkId: row.check_id,
    status: row.status as CheckStatus,
    evaluatedAt: row.evaluated_at,
    evidence: JSON.parse(row.evidence),
    ...(row.waiver_id ? { waiverId: row.waiver_id } : {}),
  };
}

function scoreFromRow(row: any): StoredScore {
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

function entityFromRow(r: any): StoredEntity {
  return {
    entityRef: r.entity_ref,
    kind: r.kind,
    title: orUndefined(r.title),
    ownerRef: orUndefined(r.owner_ref),
    systemRef: orUndefined(r.system_ref),
    hash: r.hash,
    evaluatedAt: orUndefined(r.evaluated_at),
  };
}

function entityRow(e: StoredEntity) {
  return {
    entity_ref: e.entityRef,
    kind: e.kind,
    title: e.title ?? null,
    owner_ref: e.ownerRef ?? null,
    system_ref: e.systemRef ?? null,
    hash: e.hash,
    evaluated_at: e.evaluatedAt ?? null,
  };
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

  async getEntity(entityRef: string): Promise<StoredEntity | undefined> {
    const row = await this.db('compliance_entities')
      .where({ entity_ref: entityRef })
      .first();
    return row ? entityFromRow(row) : undefined;
  }

  async upsertEntities(entities: StoredEntity[]): Promise<void> {
    await this.db.transaction(async tx => {
      for (const chunk of chunks(entities)) {
        await tx('compliance_entities')
          .insert(chunk.map(entityRow))
          .onConflict('entity_ref')
          .merge();
      }
    });
  }

  async writeEvaluations(evaluations: EntityEvaluation[]): Promise<void> {
    for (const batch of chunks(evaluations, 500)) {
      await this.db.transaction(async tx => {
        const refs = batch.map(e => e.entity.entityRef);
        await tx('compliance_facts').whereIn('entity_ref', refs).delete();
        await tx('compliance_results').whereIn('entity_ref', refs).delete();
        await tx('compliance_scores').whereIn('entity_ref', refs).delete();
        await tx('compliance_entities')
          .insert(batch.map(e => entityRow(e.entity)))
          .onConflict('entity_ref')
          .merge();
        const facts = batch.flatMap(e =>
          e.facts.map(f => ({
            entity_ref: e.entity.entityRef,
            retriever: f.retriever,
            facts: JSON.stringify(f.values),
            collected_at: f.collectedAt,
            error: f.error ?? null,
          })),
        );
        for (const c of chunks(facts)) await tx('compliance_facts').insert(c);
        const results = batch.flatMap(e =>
          e.results.map(r => ({
            entity_ref: r.entityRef,
            check_id: r.checkId,
            status: r.status,
            evaluated_at: r.evaluatedAt,
            evidence: JSON.stringify(r.evidence),
            waiver_id: r.waiverId ?? null,
          })),
        );
        for (const c of chunks(results))
          await tx('compliance_results').insert(c);
        const scores = batch.flatMap(e =>
          e.scores.map(s => ({
            entity_ref: e.entity.entityRef,
            framework_id: s.frameworkId,
            score: s.score,
            level: s.level,
            passed: s.passed,
            failed: s.failed,
            waived: s.waived,
            unknown: s.unknown,
            not_applicable: s.notApplicable,
            evaluated_at: e.entity.evaluatedAt ?? new Date().toISOString(),
          })),
        );
        for (const c of chunks(scores)) await tx('compliance_scores').insert(c);
      });
    }
  }

  async removeEntities(entityRefs: string[]): Promise<void> {
    for (const refs of chunks(entityRefs)) {
      await this.db.transaction(async tx => {
        for (const table of [
          'compliance_facts',
          'compliance_results',
          'compliance_scores',
          'compliance_entities',
        ])
          await tx(table).whereIn('entity_ref', refs).delete();
      });
    }
  }

  async getFacts(entityRef: string): Promise<EntityFacts[]> {
    const rows = await this.db('compliance_facts').where({
      entity_ref: entityRef,
    });
    return rows.map(r => ({
      retriever: r.retriever,
      collectedAt: r.collected_at,
      values: JSON.parse(r.facts),
      ...(r.error ? { error: r.error } : {}),
    }));
  }

  async getResults(entityRef: string): Promise<CheckResult[]> {
    const rows = await this.db('compliance_results')
      .where({ entity_ref: entityRef })
      .orderBy('check_id');
    return rows.map(resultFromRow);
  }

  async listResults(
    filter: { checkIds?: string[]; entityRefs?: string[] } = {},
  ): Promise<CheckResult[]> {
    const query = this.db('compliance_results').select();
    if (filter.checkIds) query.whereIn('check_id', filter.checkIds);
    if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
    const rows = await query.orderBy(['entity_ref', 'check_id']);
    return rows.map(resultFromRow);
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
