import { QUOTA_HOLDING_STATUSES } from '@ai-platform/plugin-gpu-provisioning-common';
import { Knex } from 'knex';

/**
 * The most GPUs held at any instant from `from` on, per team and per
 * cluster, swept from the stored rows alone: a quota-holding row holds
 * `[start_at or from, expires_at or for ever)`. `booked`: per cluster, the
 * most held at an instant some reservation (a row with `start_at`) covers,
 * which the cluster's capacity must hold.
 */
export async function sweepHeld(
  knex: Knex,
  from: number,
): Promise<{
  teams: Map<string, number>;
  clusters: Map<string, number>;
  booked: Map<string, number>;
}> {
  const rows = await knex('gpu_requests')
    .whereIn('status', QUOTA_HOLDING_STATUSES as string[])
    .select(
      'team',
      'cluster',
      'quota_key',
      'start_at',
      'expires_at',
      'gpu_count',
    );
  const held = rows.map(row => ({
    team: `${row.team}|${row.quota_key}`,
    cluster: `${row.cluster}|${row.quota_key}`,
    start: row.start_at ? new Date(row.start_at).getTime() : from,
    end: row.expires_at ? new Date(row.expires_at).getTime() : Infinity,
    count: Number(row.gpu_count),
    reservation: Boolean(row.start_at),
  }));
  // The peak is at some interval's start: check every one.
  const instants = [from, ...held.map(h => h.start)].filter(t => t >= from);
  const peaks = (key: 'team' | 'cluster', onlyBooked = false) => {
    const result = new Map<string, number>();
    for (const t of instants) {
      const at = new Map<string, number>();
      const booked = new Set<string>();
      for (const h of held) {
        if (h.start <= t && t < h.end) {
          at.set(h[key], (at.get(h[key]) ?? 0) + h.count);
          if (h.reservation) booked.add(h[key]);
        }
      }
      for (const [k, v] of at) {
        if (onlyBooked && !booked.has(k)) continue;
        result.set(k, Math.max(result.get(k) ?? 0, v));
      }
    }
    return result;
  };
  return {
    teams: peaks('team'),
    clusters: peaks('cluster'),
    booked: peaks('cluster', true),
  };
}
