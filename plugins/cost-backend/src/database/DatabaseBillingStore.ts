import { Knex } from 'knex';
import { AllocatedLineItem } from '../ingest/types';
import { copyLineItems } from './copyLineItems';
import { runRow } from './ingestRunRows';
import { insertLineItemsSqlite } from './insertLineItemsSqlite';
import { rebuildTeamMonths } from './rebuildTeamMonths';
import {
  clearBillingPeriods,
  lockBillingIngest,
} from './replaceBillingPeriods';
import { replaceBillingRollups } from './replaceBillingRollups';
import { TABLES } from './tables';
import {
  BillingRollupIngest,
  BillingStore,
  IngestResult,
  StoredIngestRun,
} from './types';

const LINE_ITEMS = TABLES.lineItems;
const DAILY = TABLES.daily;

/**
 * Billing line items and their daily roll-up (SQLite or PostgreSQL): each
 * file replaces the billing periods it contains in one transaction.
 */
export class DatabaseBillingStore implements BillingStore {
  static create(options: { db: Knex }): DatabaseBillingStore {
    return new DatabaseBillingStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

  async ingestBilling(options: {
    runId: string;
    batches: AsyncIterable<AllocatedLineItem[]>;
    beforeCommit: () => void;
    completeRun: (result: IngestResult) => StoredIngestRun;
  }): Promise<IngestResult> {
    const { runId } = options;
    const isPostgres = this.db.client.config.client === 'pg';
    return this.db.transaction(async trx => {
      // Ingests run one at a time across replicas, so two files of the same
      // period cannot both survive the replacement.
      await lockBillingIngest(trx);
      const periods = new Map<
        string,
        { provider: string; account: string; period: string }
      >();
      let rows = 0;
      /** Months (`YYYY-MM`) whose team roll-up changes. */
      const months = new Set<string>();
      const onBatch = (batch: AllocatedLineItem[]) => {
        for (const item of batch) {
          months.add(item.day.slice(0, 7));
          const key = `${item.provider}\u0000${item.billingAccountId}\u0000${item.billingPeriod}`;
          if (!periods.has(key)) {
            periods.set(key, {
              provider: item.provider,
              account: item.billingAccountId,
              period: item.billingPeriod,
            });
          }
        }
        rows += batch.length;
      };
      const write = isPostgres ? copyLineItems : insertLineItemsSqlite;
      await write({ trx, runId, batches: options.batches, onBatch });
      options.beforeCommit();

      const cleared = await clearBillingPeriods(trx, periods.values(), runId);
      cleared.months.forEach(m => months.add(m));
      await trx.raw(
        `INSERT INTO ${DAILY} (source, provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, billed_cost_nanos, effective_cost_nanos, line_items)
         SELECT 'billing', provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, SUM(billed_cost_nanos), SUM(effective_cost_nanos), COUNT(*)
         FROM ${LINE_ITEMS}
         WHERE ingest_run_id = ?
         GROUP BY provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency`,
        [runId],
      );
      await rebuildTeamMonths(trx, months);
      const billingPeriods = [
        ...new Set([...periods.values()].map(p => p.period)),
      ].sort();
      const result: IngestResult = { rows, billingPeriods };
      if (cleared.releasedFiles.length) {
        result.releasedFiles = cleared.releasedFiles;
      }
      // The run's success commits with its rows: a process killed before the
      // commit leaves neither, one killed after leaves both.
      await trx(TABLES.runs)
        .insert(runRow(options.completeRun(result)))
        .onConflict('id')
        .merge();
      return result;
    });
  }

  replaceBillingRollups(options: BillingRollupIngest): Promise<IngestResult> {
    return this.db.transaction(trx => replaceBillingRollups(trx, options));
  }
}
