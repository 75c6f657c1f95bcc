/* eslint-disable no-console */
// The config and engines shared by the GPU request benchmarks.
import { Bucket, quotaKeyOf, RESPOND_ASYNC } from './load';
import { codeState } from './codeState';
import { Engine, ensureProductionBuild, REPO_ROOT } from './system';

/**
 * `gpuProvisioning` overlay: the buckets' team quotas, and the data
 * classifications their clusters may hold (the production file allows only
 * the default, public and internal); every request here is auto-approved.
 */
export function gpuProvisioningConfig(buckets: Bucket[]) {
  const teams = new Map<string, Record<string, number>>();
  const classifications = new Map<string, Set<string>>();
  for (const b of buckets) {
    teams.set(b.team, { ...teams.get(b.team), [quotaKeyOf(b)]: b.quota });
    if (b.dataClassification) {
      // The policy's default for a cluster, and the bucket's.
      const held =
        classifications.get(b.cluster) ?? new Set(['public', 'internal']);
      classifications.set(b.cluster, held.add(b.dataClassification));
    }
  }
  return {
    policy: {
      // One GPU for 8 hours is 8 GPU-hours: far under it.
      approvalThresholdGpuHours: 1000,
      teamQuotas: [...teams].map(([team, quota]) => ({ team, quota })),
      clusterDataClassifications: Object.fromEntries(
        [...classifications].map(([cluster, held]) => [cluster, [...held]]),
      ),
    },
    // The production default: the loop does not run mid-measurement by design.
    lifecycle: { frequency: { minutes: 1 } },
    // As deployed (NODE_ENV=production, which the demo config cannot run
    // under): responses are not checked against the contract.
    validateResponses: false,
  };
}

const ENGINES: Engine[] = ['sqlite', 'postgresql', 'postgresql-production'];

/**
 * SQLite and PostgreSQL (the session's server) on the embedded default's
 * config, then PostgreSQL as a deployment runs it; or those BENCH_GPU_ENGINES
 * names.
 */
export function benchEngines(): Engine[] {
  const names = (process.env.BENCH_GPU_ENGINES ?? ENGINES.join(','))
    .split(',')
    .map(s => s.trim());
  const unknown = names.filter(n => !ENGINES.includes(n as Engine));
  if (unknown.length) {
    throw new Error(`BENCH_GPU_ENGINES: unknown engine ${unknown.join(', ')}`);
  }
  return names as Engine[];
}

/**
 * Builds the portal if its sources changed, measures each engine in a fresh
 * backend, and prints the one JSON line under `key`, with the code measured.
 */
export async function runPerEngine(
  key: string,
  measure: (engine: Engine) => Promise<unknown>,
): Promise<void> {
  ensureProductionBuild();
  const results: Record<string, unknown> = {
    code: codeState(REPO_ROOT),
    preferRespondAsync: RESPOND_ASYNC,
  };
  for (const engine of benchEngines()) {
    results[engine] = await measure(engine);
  }
  console.log(JSON.stringify({ [key]: results }));
}
