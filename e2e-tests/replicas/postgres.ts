import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** A throwaway PostgreSQL on a loopback port, as scripts/lib/postgres.sh starts one. */
export interface ThrowawayPostgres {
  port: number;
  url: string;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort().reverse() : [];
  for (const v of versions) {
    if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  }
  throw new Error(
    "PostgreSQL server binaries not found under /usr/lib/postgresql: install Debian's postgresql (./scripts/test does)",
  );
}

/** Starts PostgreSQL as the `postgres` user when run as root (it refuses root). */
export async function startPostgres(): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'replicas-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
      : [cmd, args];
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
    }
  };
  if (asRoot) {
    const known = spawnSync('id', ['postgres']).status === 0;
    if (!known) {
      execFileSync('useradd', [
        '--system',
        '--home-dir',
        '/var/lib/postgresql',
        'postgres',
      ]);
    }
    execFileSync('chown', ['postgres', dir]);
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  run(join(bin, 'initdb'), [
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-sync',
  ]);
  run(join(bin, 'pg_ctl'), [
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=400`,
    'start',
  ]);
  return {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}`,
    stop() {
      try {
        run(join(bin, 'pg_ctl'), [
          '-D',
          join(dir, 'data'),
          '-m',
          'immediate',
          'stop',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
