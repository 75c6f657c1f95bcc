import { spawn } from 'node:child_process';
import { closeEngine, Engine, openEngine } from './engines';

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

/** A role's module, required when the role runs (the transform's `import()` yields only a default). */
function load<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as T;
}

/**
 * The measurement a child process was started for (COST_BENCH_ROLE). Each
 * role's module is loaded on its own, so the ingest's process holds only
 * what the ingest needs (not the test harness the query roles use) when its
 * baseline memory is taken.
 */
export async function runChildRole(
  role: string,
  engine: Engine,
): Promise<unknown> {
  const dir = process.env.COST_BENCH_DIR!;
  if (role === 'ingest') {
    const { measureIngest } = load<typeof import('./ingest')>('./ingest');
    const knex = await openEngine(engine, dir);
    try {
      return await measureIngest(knex, process.env.COST_BENCH_FILE!, dir);
    } finally {
      await closeEngine(engine, knex);
    }
  }
  if (role === 'readers') {
    const { runReaders } = load<typeof import('./readers')>('./readers');
    return runReaders();
  }
  if (role === 'parquetDrillDown') {
    const { measureParquetDrillDown } =
      load<typeof import('./parquetDrillDown')>('./parquetDrillDown');
    return measureParquetDrillDown(engine, dir);
  }
  const { measureQuery } = load<typeof import('./queryLoad')>('./queryLoad');
  return measureQuery(engine, dir);
}
