import { Knex } from 'knex';
import { writeDailyRollupRows } from './dailyRollupRows';
import { runRow } from './ingestRunRows';
import {
  clearBillingPeriods,
  lockBillingIngest,
} from './replaceBillingPeriods';
import { rebuildTeamMonths } from './rebuildTeamMonths';
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
  for (const period of options.periods) {
    await trx(TABLES.lineItemFiles).insert({
      provider: period.provider,
      billing_account_id: period.account,
      billing_period: period.period,
      ingest_run_id: options.runId,
      file_name: options.fileName,
      line_items: period.lineItems,
    });
  }
  options.beforeCommit();
  await rebuildTeamMonths(trx, months);
  const result: IngestResult = {
    rows: options.periods.reduce((n, p) => n + p.lineItems, 0),
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
