// Counting what was granted three ways, per team and quota key: the plugin's
// quota ledger, the sum of granted requests, and the quota objects on the
// simulated clusters; each compared with the configured quota.
import { statSync } from 'node:fs';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  AI_PLATFORM_ANNOTATIONS,
  AI_PLATFORM_LABELS,
} from '@ai-platform/plugin-ai-platform-common';
import { QUOTA_HOLDING_STATUSES } from '@ai-platform/plugin-gpu-provisioning-common';
import { Bucket, quotaKeyOf } from './load';
import { System } from './system';

const MANAGED_BY = 'app.kubernetes.io/managed-by=ai-platform-portal';

/** Waits until no granted request is still on its way to the cluster. */
export async function settle(system: System, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await system
      .db(system.table('gpu_requests'))
      .whereIn('status', ['approved', 'provisioning'])
      .count({ n: '*' });
    if (Number(n) === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`${n} requests still approved or provisioning`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/**
 * Waits until the backend is idle: requests the client gave up on are still
 * worked through after the open loop, and would be measured with the burst.
 * Idle is its log (one audit line per request) not growing for 3 s while its
 * readiness probe answers within 100 ms (a blocked event loop logs nothing).
 * The probe's own access-log line (~500 bytes) is not activity.
 */
export async function waitIdle(system: System, timeoutMs = 900_000) {
  const deadline = Date.now() + timeoutMs;
  const probe = `${system.backend.baseUrl}/.backstage/health/v1/readiness`;
  let size = -1;
  let quietSince = Date.now();
  for (;;) {
    const t = performance.now();
    const ok = await fetch(probe, { signal: AbortSignal.timeout(10_000) })
      .then(r => r.ok)
      .catch(() => false);
    const fast = ok && performance.now() - t < 100;
    const now = statSync(system.backend.logFile).size;
    if (Math.abs(now - size) > 2048 || !fast) {
      quietSince = Date.now();
    }
    size = now;
    if (Date.now() - quietSince >= 3000) return;
    if (Date.now() > deadline) throw new Error('the backend did not go idle');
    await new Promise(r => setTimeout(r, 500));
  }
}

const key = (team: string, quotaKey: string) => `${team}|${quotaKey}`;

/** Per bucket: quota, ledger, granted, on-cluster, and whether any exceeds the quota. */
export async function countThreeWays(system: System, buckets: Bucket[]) {
  const ledger = new Map<string, number>();
  for (const row of await system
    .db(system.table('gpu_quota_usage'))
    .select('team', 'quota_key', 'reserved')) {
    ledger.set(key(row.team, row.quota_key), Number(row.reserved));
  }
  const granted = new Map<string, number>();
  const grantedRows: Array<{ team: string; quota_key: string; gpus: unknown }> =
    await system
      .db(system.table('gpu_requests'))
      .whereIn('status', QUOTA_HOLDING_STATUSES as string[])
      .groupBy('team', 'quota_key')
      .select('team', 'quota_key')
      .sum({ gpus: 'gpu_count' });
  for (const row of grantedRows) {
    granted.set(key(row.team, row.quota_key), Number(row.gpus));
  }
  // On the clusters: each grant namespace's ResourceQuota, attributed by the
  // namespace's team label and the quota key in its gpus annotation.
  const onCluster = new Map<string, number>();
  for (const context of system.kubeConfig.getContexts()) {
    system.kubeConfig.setCurrentContext(context.name);
    const core = system.kubeConfig.makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace({ labelSelector: MANAGED_BY });
    const quotas = await core.listResourceQuotaForAllNamespaces({
      labelSelector: MANAGED_BY,
    });
    const byName = new Map(namespaces.items.map(n => [n.metadata!.name!, n]));
    for (const quota of quotas.items) {
      const ns = byName.get(quota.metadata!.namespace!);
      const team = ns?.metadata?.labels?.[AI_PLATFORM_LABELS.team];
      const gpus = ns?.metadata?.annotations?.[AI_PLATFORM_ANNOTATIONS.gpus];
      const quotaKey = gpus?.split(' x ')[1];
      if (!team || !quotaKey) continue;
      const total = Object.values(quota.spec?.hard ?? {}).reduce(
        (sum, v) => sum + Number(v),
        0,
      );
      const k = key(`group:default/${team}`, quotaKey);
      onCluster.set(k, (onCluster.get(k) ?? 0) + total);
    }
  }
  const rows = buckets.map(b => {
    const k = key(b.team, quotaKeyOf(b));
    const row = {
      team: b.team,
      quotaKey: quotaKeyOf(b),
      quota: b.quota,
      ledger: ledger.get(k) ?? 0,
      granted: granted.get(k) ?? 0,
      onCluster: onCluster.get(k) ?? 0,
    };
    return {
      ...row,
      overcommit: Math.max(row.ledger, row.granted, row.onCluster) > b.quota,
    };
  });
  return {
    overcommitted: rows.filter(r => r.overcommit).length,
    perTeam: rows,
  };
}
