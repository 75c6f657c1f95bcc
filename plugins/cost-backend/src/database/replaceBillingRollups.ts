import { Knex } from 'knex';
import { writeDailyRollupRows } from './dailyRollupRows';
import { runRow } from './ingestRunRows';
import {
  clearBillingPeriods,
  lockBillingIngest,
} from './replaceBillingPeriods';
import { rebuildTeamMonths } from './rebuildTeamMonths';
import { reserveLineItemIds } from './reserveLineItemIds';
import { TABLES } from './tables';
import { BillingRollupIngest, IngestResult } from './types';

/**
 * The DuckDB ingest's transaction: replaces the file's periods, writes its
 * daily roll-up rows in bulk, points the periods at its Parquet file,
 * rebuilds the team months and stores the run as succeeded, all or nothing.
 */
export async function replaceBillingRollups(
  trx: Knex.Transaction,
  options: BillingRollupIngest,
): Promise<IngestResult> {
  await lockBillingIngest(trx);
  const cleared = await clearBillingPeriods(
    trx,
    options.periods,
    options.runId,
  );
  const months = cleared.months;
  const rows = (async function* track() {
    for await (const batch of options.rows) {
      for (const row of batch) months.add(String(row[3]).slice(0, 7));
      yield batch;
    }
  })();
  await writeDailyRollupRows(trx, rows);
  // The file's line n (from 1) is line item firstId + n - 1: ids from the
  // sequence of cost_line_items, in file order as the JavaScript path's.
  const fileRows = options.periods.reduce((n, p) => n + p.lineItems, 0);
  const firstId = await reserveLineItemIds(trx, BigInt(fileRows));
  for (const period of options.periods) {
    await trx(TABLES.lineItemFiles).insert({
      provider: period.provider,
      billing_account_id: period.account,
      billing_period: period.period,
      ingest_run_id: options.runId,
      file_name: options.fileName,
      line_items: period.lineItems,
      first_line_item_id: String(firstId),
      line_numbered: true,
      first_day: period.firstDay,
      last_day: period.lastDay,
    });
  }
  options.beforeCommit();
  await rebuildTeamMonths(trx, months);
  const result: IngestResult = {
    rows: fileRows,
    billingPeriods: [...new Set(options.periods.map(p => p.period))].sort(),
    releasedFiles: cleared.releasedFiles.filter(f => f !== options.fileName),
  };
  // The run's success commits with its rows, as in ingestBilling.
  await trx(TABLES.runs)
    .insert(runRow(options.completeRun(result)))
    .onConflict('id')
    .merge();
  return result;
}
