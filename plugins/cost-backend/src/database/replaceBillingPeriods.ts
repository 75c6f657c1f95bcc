import { Knex } from 'knex';
import { TABLES } from './tables';

/** PostgreSQL advisory lock key serialising billing ingests. */
const INGEST_LOCK_KEY = 7_310_551_001;

/** One (provider, billing account, billing period) of a billing file. */
export interface BillingPeriodKey {
  provider: string;
  account: string;
  period: string;
}

/** Serialises billing ingests across replicas (PostgreSQL; SQLite writes one at a time anyway). */
export async function lockBillingIngest(trx: Knex.Transaction): Promise<void> {
  if (trx.client.config.client === 'pg') {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [INGEST_LOCK_KEY]);
  }
}

/**
 * Removes what earlier ingests stored for these periods: their line items
 * (except `keepRunId`'s), their billing rows of the daily roll-up and their
 * Parquet files' entries. Returns the months whose team roll-up changes and
 * the Parquet files no period refers to any more (to delete after commit).
 */
export async function clearBillingPeriods(
  trx: Knex.Transaction,
  periods: Iterable<BillingPeriodKey>,
  keepRunId: string,
): Promise<{ months: Set<string>; releasedFiles: string[] }> {
  const months = new Set<string>();
  const touchedFiles = new Set<string>();
  for (const { provider, account, period } of periods) {
    const key = {
      provider,
      billing_account_id: account,
      billing_period: period,
    };
    const replaced: Array<{ month: string }> = await trx(TABLES.daily)
      .select(trx.raw('DISTINCT substr(day, 1, 7) AS month'))
      .where({ source: 'billing', ...key });
    replaced.forEach(r => months.add(r.month));
    await trx(TABLES.lineItems)
      .where(key)
      .whereNot('ingest_run_id', keepRunId)
      .delete();
    await trx(TABLES.daily)
      .where({ source: 'billing', ...key })
      .delete();
    const files: Array<{ file_name: string }> = await trx(TABLES.lineItemFiles)
      .select('file_name')
      .where(key);
    files.forEach(f => touchedFiles.add(f.file_name));
    await trx(TABLES.lineItemFiles).where(key).delete();
  }
  const releasedFiles: string[] = [];
  for (const fileName of touchedFiles) {
    const still = await trx(TABLES.lineItemFiles)
      .first('file_name')
      .where({ file_name: fileName });
    if (!still) releasedFiles.push(fileName);
  }
  return { months, releasedFiles };
}
