import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A TSDB holding only `DCGM_FI_DEV_GPU_UTIL` of `nodes` × `gpusPerNode`
 * GPUs, every `intervalSeconds` over [start, end): integers 0–100 from a
 * seeded generator, as dcgm-exporter reports them. For fleets far larger
 * than the simulation's, where only utilisation matters (the heat map);
 * written with `promtool tsdb create-blocks-from openmetrics`.
 */
export async function writeUtilisationHistory(options: {
  cluster: string;
  nodes: number;
  gpusPerNode: number;
  start: number;
  end: number;
  intervalSeconds: number;
}): Promise<{ tsdbDir: string; workDir: string }> {
  const { nodes, gpusPerNode, start, end, intervalSeconds } = options;
  const workDir = mkdtempSync(join(tmpdir(), 'gpu-util-history-'));
  const tsdbDir = join(workDir, 'tsdb');
  mkdirSync(tsdbDir);
  const file = join(workDir, 'history.om');
  const out = createWriteStream(file);
  let seed = 20261122;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  out.write('# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n');
  for (let n = 0; n < nodes; n++) {
    const hostname = `${options.cluster}-h100-${n}`;
    for (let gpu = 0; gpu < gpusPerNode; gpu++) {
      const uuid = `GPU-${String(n).padStart(8, '0')}-${gpu}`;
      const labels = `{gpu="${gpu}",UUID="${uuid}",Hostname="${hostname}",modelName="NVIDIA H100 80GB HBM3"}`;
      const lines: string[] = [];
      for (let t = start; t < end; t += intervalSeconds) {
        lines.push(`DCGM_FI_DEV_GPU_UTIL${labels} ${next() % 101} ${t}\n`);
      }
      if (!out.write(lines.join(''))) {
        await new Promise(resolve => out.once('drain', resolve));
      }
    }
  }
  out.write('# EOF\n');
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(resolve);
  });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', file, tsdbDir],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', chunk => {
      stderr = (stderr + chunk).slice(-8192);
    });
    child.once('error', error =>
      reject(new Error(`promtool could not run: ${error.message}`)),
    );
    child.once('exit', code =>
      code === 0 ? resolve() : reject(new Error(`promtool failed: ${stderr}`)),
    );
  });
  rmSync(file);
  return { tsdbDir, workDir };
}
