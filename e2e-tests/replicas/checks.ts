import { Knex } from 'knex';
import { logLines } from './replica';

/** Statuses that hold quota (gpu-provisioning-common's QUOTA_HOLDING_STATUSES). */
const HOLDING = [
  'pending-approval',
  'approved',
  'provisioning',
  'active',
  'namespace-missing',
];

/**
 * The quota ledger against the requests: per team and quota key, the GPUs
 * reserved must be the GPUs of the requests that hold quota.
 */
export async function ledgerMismatches(db: Knex): Promise<string[]> {
  const ledger: Array<{ team: string; quota_key: string; reserved: number }> =
    await db('gpu_quota_usage').select();
  const held: Array<{ team: string; quota_key: string; n: string | number }> =
    await db('gpu_requests')
      .whereIn('status', HOLDING)
      .groupBy('team', 'quota_key')
      .select('team', 'quota_key')
      .sum({ n: 'gpu_count' });
  const want = new Map(
    held.map(h => [`${h.team} ${h.quota_key}`, Number(h.n)]),
  );
  const problems: string[] = [];
  for (const row of ledger) {
    const key = `${row.team} ${row.quota_key}`;
    const expected = want.get(key) ?? 0;
    if (Number(row.reserved) !== expected) {
      problems.push(`${key}: reserved ${row.reserved}, held ${expected}`);
    }
    want.delete(key);
  }
  for (const [key, n] of want)
    problems.push(`${key}: no ledger row, held ${n}`);
  return problems;
}

/** How many times each replica logged a message for a request id. */
export function countLogged(
  logFiles: string[],
  message: string,
  requestId: string,
): number {
  return logFiles
    .flatMap(logLines)
    .filter(l => l.includes(message) && l.includes(requestId)).length;
}

/** One run of a scheduled task, as its replica logged it. */
export interface TaskRun {
  replica: string;
  start: number;
  end: number;
}

/**
 * The runs of a scheduled task in a replica's log, from the start and end
 * lines the suite's task shell logs at debug level.
 */
export function taskRuns(
  logFile: string,
  replica: string,
  task: string,
): TaskRun[] {
  const runs: TaskRun[] = [];
  let start: number | undefined;
  for (const line of logLines(logFile)) {
    if (!line.includes(`task="${task}"`)) continue;
    const at = Date.parse(line.slice(0, 24));
    if (line.includes('Scheduled task started')) start = at;
    else if (line.includes('Scheduled task finished') && start !== undefined) {
      runs.push({ replica, start, end: at });
      start = undefined;
    }
  }
  return runs;
}
