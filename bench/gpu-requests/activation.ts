// How long the granted requests of some quotas took to become active: what
// applying grants behind the answers costs the grants themselves, printed
// beside the answers' latency so a trade between the two shows.
import { QUOTA_HOLDING_STATUSES } from '@ai-platform/plugin-gpu-provisioning-common';
import { Bucket, percentile, quotaKeyOf } from './load';
import { System } from './system';

const millis = (value: unknown) => new Date(value as string | Date).getTime();

/**
 * For the grants of `buckets`: p50/p95 from each one's record to its
 * activation, and seconds from `sinceMs` (the phase's first send) until the
 * last of them was active.
 */
export async function activation(
  system: System,
  buckets: Bucket[],
  sinceMs: number,
) {
  const rows: Array<{ created_at: unknown; active_since: unknown }> =
    await system
      .db(system.table('gpu_requests'))
      .whereIn('status', QUOTA_HOLDING_STATUSES as string[])
      .whereNotNull('active_since')
      .where(query => {
        for (const b of buckets) {
          query.orWhere({ team: b.team, quota_key: quotaKeyOf(b) });
        }
      })
      .select('created_at', 'active_since');
  if (rows.length === 0) return { grants: 0 };
  const waits = rows
    .map(r => millis(r.active_since) - millis(r.created_at))
    .sort((a, b) => a - b);
  const lastActive = Math.max(...rows.map(r => millis(r.active_since)));
  return {
    grants: rows.length,
    recordToActiveP50Ms: Math.round(percentile(waits, 50)),
    recordToActiveP95Ms: Math.round(percentile(waits, 95)),
    allActiveAfterSeconds: Number(((lastActive - sinceMs) / 1000).toFixed(1)),
  };
}
