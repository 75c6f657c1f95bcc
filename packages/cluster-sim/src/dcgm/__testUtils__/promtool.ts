import { spawnSync } from 'node:child_process';

/** The outcome of a promtool run. */
export interface PromtoolResult {
  status: number | null;
  output: string;
  error?: Error;
}

/** Runs promtool; a missing binary shows up as `status: null` with `error`. */
export function runPromtool(args: string[], input?: string): PromtoolResult {
  const result = spawnSync('promtool', args, {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: result.status,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    error: result.error,
  };
}

/**
 * `promtool check metrics` on an exposition. It exits 0 when clean, 3 with
 * lint findings only, and 1 on a parse error. Returns the exit status and the
 * lint findings with the metric names removed (their kinds).
 */
export function checkMetrics(text: string): {
  status: number | null;
  findings: string[];
  output: string;
} {
  const result = runPromtool(['check', 'metrics'], text);
  const findings = result.output
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => line.replace(/^\S+ /, ''));
  return {
    status: result.status,
    findings: [...new Set(findings)].sort(),
    output: result.output,
  };
}
