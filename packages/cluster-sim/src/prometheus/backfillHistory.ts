import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyWindows } from '../dcgm/historyWindows';
import { writeOpenMetricsHistory } from '../dcgm/writeOpenMetricsHistory';
import { NodeGpus } from '../topology/types';

/** What a backfill wrote. */
export interface BackfillResult {
  /** The TSDB directory to start Prometheus on. */
  tsdbDir: string;
  samples: number;
  series: number;
  seconds: number;
}

/**
 * Writes the simulated dcgm-exporter history of `nodes` for [start, end) and
 * imports it with `promtool tsdb create-blocks-from openmetrics`, one file per
 * 2-hour block window (promtool re-reads its whole input per block, so one
 * big file would be slow). Needs `promtool` on PATH.
 */
export async function backfillHistory(options: {
  nodes: NodeGpus[];
  seed: number;
  start: Date;
  end: Date;
  intervalSeconds?: number;
  tsdbDir?: string;
  /** Labels Prometheus would add when scraping each node (job, instance, ...). */
  targetLabels?: (node: NodeGpus) => Record<string, string>;
}): Promise<BackfillResult> {
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'dcgm-backfill-'));
  const tsdbDir = options.tsdbDir ?? join(work, 'tsdb');
  mkdirSync(tsdbDir, { recursive: true });
  let samples = 0;
  let series = 0;
  for (const window of historyWindows(options.start, options.end)) {
    const file = join(work, 'window.om');
    const out = createWriteStream(file);
    const stats = await writeOpenMetricsHistory(options.nodes, out, {
      seed: options.seed,
      start: window.start,
      end: window.end,
      intervalSeconds: options.intervalSeconds,
      targetLabels: options.targetLabels,
    });
    await new Promise<void>((resolve, reject) => {
      out.on('error', reject);
      out.end(resolve);
    });
    samples += stats.samples;
    series = Math.max(series, stats.series);
    const run = spawnSync(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', file, tsdbDir],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (run.error)
      throw new Error(`promtool could not run: ${run.error.message}`);
    if (run.status !== 0)
      throw new Error(`promtool failed: ${run.stdout}${run.stderr}`);
    rmSync(file);
  }
  return {
    tsdbDir,
    samples,
    series,
    seconds: (performance.now() - started) / 1000,
  };
}
