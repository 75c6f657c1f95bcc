import { spawn } from 'node:child_process';
import { closeEngine, Engine, openEngine } from './engines';
import { measureIngest } from './ingest';
import { measureParquetDrillDown } from './parquetDrillDown';
import { measureQuery } from './queryLoad';

/** Runs one measurement in a fresh process of this benchmark; its JSON. */
export function inChild(
  role: string,
  engine: Engine,
  env: Record<string, string>,
) {
  return new Promise<unknown>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, process.argv[1]],
      {
        env: {
          ...process.env,
          ...env,
          COST_BENCH_ROLE: role,
          COST_BENCH_ENGINE: engine,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.on('close', code =>
      code === 0
        ? resolve(JSON.parse(out))
        : reject(new Error(`${role} on ${engine} exited with ${code}`)),
    );
  });
}

/** The measurement a child process was started for (COST_BENCH_ROLE). */
export async function runChildRole(role: string, engine: Engine) {
  const dir = process.env.COST_BENCH_DIR!;
  if (role === 'ingest') {
    const knex = await openEngine(engine, dir);
    try {
      return await measureIngest(knex, process.env.COST_BENCH_FILE!, dir);
    } finally {
      await closeEngine(engine, knex);
    }
  }
  if (role === 'parquetDrillDown') return measureParquetDrillDown(engine, dir);
  return measureQuery(engine, dir);
}
