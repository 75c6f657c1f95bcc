import { QUOTA_HOLDING_STATUSES } from '@ai-platform/plugin-gpu-provisioning-common';
import { Knex } from 'knex';
import { LEDGER, REQUESTS, timestamp } from './requestRows';
import { GrantTotal } from './types';
import { whereRefIn } from './whereCriteria';

/**
 * GPUs a team holds now, by quota key: its immediate requests (the ledger's
 * `reserved`) and, when it has reservations, those whose window is open at
 * `now`.
 */
export async function ledgerUsage(
  db: Knex,
  team: string,
  now: Date,
): Promise<Record<string, number>> {
  const rows = await whereRefIn(db(LEDGER), 'team', [team]).select(
    'quota_key',
    'reserved',
    'scheduled',
  );
  const usage: Record<string, number> = {};
  for (const row of rows) {
    const key = row.quota_key as string;
    usage[key] = (usage[key] ?? 0) + Number(row.reserved);
  }
  if (rows.every(row => Number(row.scheduled) === 0)) return usage;
  const at = timestamp(now);
  const open: Array<{ quota_key: string; count: number | string }> =
    await whereRefIn(db(REQUESTS), 'team', [team])
      .whereIn('status', QUOTA_HOLDING_STATUSES as string[])
      .whereNotNull('start_at')
      .where('start_at', '<=', at)
      .where('expires_at', '>', at)
      .groupBy('quota_key')
      .select('quota_key')
      .sum({ count: 'gpu_count' });
  for (const row of open) {
    usage[row.quota_key] = (usage[row.quota_key] ?? 0) + Number(row.count);
  }
  return usage;
}

/** GPUs held by active grants, per cluster and class or MIG profile. */
export async function activeGrantTotals(db: Knex): Promise<GrantTotal[]> {
  const rows: Array<{
    cluster: string;
    gpu_class: string;
    mig_profile: string | null;
    count: number | string;
  }> = await db(REQUESTS)
    .where({ status: 'active' })
    .groupBy('cluster', 'gpu_class', 'mig_profile')
    .select('cluster', 'gpu_class', 'mig_profile')
    .sum({ count: 'gpu_count' });
  return rows.map(row => ({
    cluster: row.cluster,
    gpuClass: row.gpu_class,
    ...(row.mig_profile ? { migProfile: row.mig_profile } : {}),
    count: Number(row.count),
  }));
}
