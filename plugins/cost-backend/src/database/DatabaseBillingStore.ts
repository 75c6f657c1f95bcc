import { Knex } from 'knex';
import { AllocatedLineItem } from '../ingest/types';
import { runRow } from './ingestRunRows';
import { chunks } from './knexHelpers';
import { TABLES } from './tables';
import { BillingStore, IngestResult, StoredIngestRun } from './types';

const LINE_ITEMS = TABLES.lineItems;
const DAILY = TABLES.daily;

/** Line item columns, in the order of the insert bindings. */
const LINE_ITEM_COLUMNS = [
  'ingest_run_id',
  'provider',
  'billing_account_id',
  'billing_period',
  'day',
  'sub_account_id',
  'sub_account_name',
  'service_name',
  'service_category',
  'charge_category',
  'resource_id',
  'sku_id',
  'region_id',
  'currency',
  'billed_cost',
  'effective_cost',
  'entity_ref',
  'team',
  'cost_center',
  'gpu_class',
];
const ROW_PLACEHOLDERS = `(${LINE_ITEM_COLUMNS.map(() => '?').join(', ')})`;

/**
 * Rows per insert statement: 20 bindings a row stays under SQLite's 32,766
 * and PostgreSQL's 65,535 parameters.
 */
const BATCH_ROWS = 1000;
/** PostgreSQL advisory lock key serialising billing ingests. */
const INGEST_LOCK_KEY = 7_310_551_001;

function lineItemValues(
  runId: string,
  item: AllocatedLineItem,
): Array<string | number | null> {
  return [
    runId,
    item.provider,
    item.billingAccountId,
    item.billingPeriod,
    item.day,
    item.subAccountId,
    item.subAccountName,
    item.serviceName,
    item.serviceCategory,
    item.chargeCategory,
    item.resourceId,
    item.skuId,
    item.regionId,
    item.currency,
    item.billedCost,
    item.effectiveCost,
    item.entityRef,
    item.team,
    item.costCenter,
    item.gpuClass,
  ];
}

/**
 * SQLite: one multi-row VALUES statement per chunk, far faster than the
 * query builder's per-row SELECT ... UNION ALL form.
 */
async function insertLineItemsSqlite(
  trx: Knex.Transaction,
  runId: string,
  items: AllocatedLineItem[],
) {
  await trx.raw(
    `INSERT INTO ${LINE_ITEMS} (${LINE_ITEM_COLUMNS.join(', ')}) VALUES ${items
      .map(() => ROW_PLACEHOLDERS)
      .join(', ')}`,
    items.flatMap(item => lineItemValues(runId, item)),
  );
}

/**
 * PostgreSQL: the whole batch as one JSON parameter expanded by
 * `json_to_recordset`, so the server parses one value instead of tens of
 * thousands of bind parameters.
 */
async function insertLineItemsPostgres(
  trx: Knex.Transaction,
  runId: string,
  items: AllocatedLineItem[],
) {
  const rows = items.map(item => {
    const values = lineItemValues(runId, item);
    const row: Record<string, string | number | null> = {};
    LINE_ITEM_COLUMNS.forEach((column, i) => {
      row[column] = values[i];
    });
    return row;
  });
  const types = LINE_ITEM_COLUMNS.map(
    c => `${c} ${c.endsWith('_cost') ? 'double precision' : 'text'}`,
  ).join(', ');
  await trx.raw(
    `INSERT INTO ${LINE_ITEMS} (${LINE_ITEM_COLUMNS.join(', ')})
     SELECT ${LINE_ITEM_COLUMNS.join(
       ', ',
     )} FROM json_to_recordset(?::json) AS x(${types})`,
    [JSON.stringify(rows)],
  );
}

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
      if (isPostgres) {
        // Ingests run one at a time across replicas, so two files of the same
        // period cannot both survive the replacement.
        await trx.raw('SELECT pg_advisory_xact_lock(?)', [INGEST_LOCK_KEY]);
      }
      const periods = new Map<
        string,
        { provider: string; account: string; period: string }
      >();
      let rows = 0;
      for await (const batch of options.batches) {
        for (const item of batch) {
          const key = `${item.provider}\u0000${item.billingAccountId}\u0000${item.billingPeriod}`;
          if (!periods.has(key)) {
            periods.set(key, {
              provider: item.provider,
              account: item.billingAccountId,
              period: item.billingPeriod,
            });
          }
        }
        if (isPostgres) {
          await insertLineItemsPostgres(trx, runId, batch);
        } else {
          for (const part of chunks(batch, BATCH_ROWS)) {
            await insertLineItemsSqlite(trx, runId, part);
          }
        }
        rows += batch.length;
      }
      options.beforeCommit();

      for (const { provider, account, period } of periods.values()) {
        await trx(LINE_ITEMS)
          .where({
            provider,
            billing_account_id: account,
            billing_period: period,
          })
          .whereNot('ingest_run_id', runId)
          .delete();
        await trx(DAILY)
          .where({
            source: 'billing',
            provider,
            billing_account_id: account,
            billing_period: period,
          })
          .delete();
      }
      await trx.raw(
        `INSERT INTO ${DAILY} (source, provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, billed_cost, effective_cost, line_items)
         SELECT 'billing', provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, SUM(billed_cost), SUM(effective_cost), COUNT(*)
         FROM ${LINE_ITEMS}
         WHERE ingest_run_id = ?
         GROUP BY provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency`,
        [runId],
      );
      const billingPeriods = [
        ...new Set([...periods.values()].map(p => p.period)),
      ].sort();
      const result = { rows, billingPeriods };
      // The run's success commits with its rows: a process killed before the
      // commit leaves neither, one killed after leaves both.
      await trx(TABLES.runs)
        .insert(runRow(options.completeRun(result)))
        .onConflict('id')
        .merge();
      return result;
    });
  }
}
