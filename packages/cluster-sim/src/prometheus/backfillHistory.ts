import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyWindows } from '../dcgm/historyWindows';
import { writeOpenMetricsHistory } from '../dcgm/writeOpenMetricsHistory';
import { NodeGpus } from '../topology/types';
import { ServingGroup, writeServingHistory } from './writeServingHistory';

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
 * big file would be slow). Windows are imported `importConcurrency` at a
 * time (each block gets its own ULID directory, so imports don't collide)
 * while the next window is written. Needs `promtool` on PATH.
 */
export async function backfillHistory(options: {
  nodes: NodeGpus[];
  seed: number;
  start: Date;
  end: Date;
  intervalSeconds?: number;
  /** Where the TSDB goes: the caller's folder, which the caller removes. */
  tsdbDir: string;
  /** Labels Prometheus would add when scraping each node (job, instance, ...). */
  targetLabels?: (node: NodeGpus) => Record<string, string>;
  /** promtool imports at once; the default is one per CPU core, at most 2. */
  importConcurrency?: number;
  /** Only these counters (by name); all by default. */
  counters?: string[];
  /**
   * Model servers (per cluster) whose vLLM pages and AI gateway series to
   * record too; none by default.
   */
  serving?: ServingGroup[];
}): Promise<BackfillResult> {
  const started = performance.now();
  // The window files, removed at the end.
  const work = mkdtempSync(join(tmpdir(), 'dcgm-backfill-'));
  const { tsdbDir } = options;
  mkdirSync(tsdbDir, { recursive: true });
  let samples = 0;
  let series = 0;
  const concurrency = Math.max(
    1,
    options.importConcurrency ?? Math.min(2, availableParallelism()),
  );
  const importing: Array<Promise<void>> = [];
  try {
    let index = 0;
    for (const window of historyWindows(options.start, options.end)) {
      const file = join(work, `window-${index++}.om`);
      const out = createWriteStream(file);
      const stats = await writeOpenMetricsHistory(options.nodes, out, {
        seed: options.seed,
        start: window.start,
        end: window.end,
        intervalSeconds: options.intervalSeconds,
        targetLabels: options.targetLabels,
        counters: options.counters,
      });
      await new Promise<void>((resolve, reject) => {
        out.on('error', reject);
        out.end(resolve);
      });
      samples += stats.samples;
      series = Math.max(series, stats.series);
      const files = [file];
      if (options.serving?.length) {
        const servingFile = join(work, `serving-${index}.om`);
        const servingOut = createWriteStream(servingFile);
        const serving = await writeServingHistory(options.serving, servingOut, {
          seed: options.seed,
          start: window.start,
          end: window.end,
          intervalSeconds: options.intervalSeconds,
        });
        await new Promise<void>((resolve, reject) => {
          servingOut.on('error', reject);
          servingOut.end(resolve);
        });
        samples += serving.samples;
        series = Math.max(series, stats.series + serving.series);
        files.push(servingFile);
      }
      // Windows are about the same size: waiting for the oldest is enough.
      for (const written of files) {
        if (importing.length >= concurrency) await importing.shift();
        const imported = importWindow(written, tsdbDir);
        // Handled here so a failure during the next write is not an unhandled
        // rejection; awaiting it later still throws it.
        imported.catch(() => {});
        importing.push(imported);
      }
    }
    while (importing.length > 0) await importing.shift();
  } finally {
    // A failed write must not leave imports running behind the error.
    await Promise.allSettled(importing);
    rmSync(work, { recursive: true, force: true });
  }
  return {
    tsdbDir,
    samples,
    series,
    seconds: (performance.now() - started) / 1000,
  };
}

/** `promtool tsdb create-blocks-from openmetrics file tsdbDir`, then deletes the file. */
function importWindow(file: string, tsdbDir: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', file, tsdbDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', chunk => {
      output = (output + chunk).slice(-64 * 1024);
    });
    child.stderr.on('data', chunk => {
      output = (output + chunk).slice(-64 * 1024);
    });
    child.once('error', error =>
      reject(new Error(`promtool could not run: ${error.message}`)),
    );
    child.once('exit', code => {
      rmSync(file, { force: true });
      if (code === 0) resolve();
      else reject(new Error(`promtool failed: ${output}`));
    });
  });
}
