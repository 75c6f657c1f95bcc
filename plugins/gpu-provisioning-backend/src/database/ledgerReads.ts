import { Knex } from 'knex';
import { LEDGER, REQUESTS } from './requestRows';
import { GrantTotal } from './types';
import { whereRefIn } from './whereCriteria';

/** GPUs reserved by a team, by quota key. */
export async function ledgerUsage(
  db: Knex,
  team: string,
): Promise<Record<string, number>> {
  const rows = await whereRefIn(db(LEDGER), 'team', [team]).select(
    'quota_key',
    'reserved',
  );
  const usage: Record<string, number> = {};
  for (const row of rows) {
    const key = row.quota_key as string;
    usage[key] = (usage[key] ?? 0) + Number(row.reserved);
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
