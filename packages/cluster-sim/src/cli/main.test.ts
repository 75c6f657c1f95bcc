import { ChildProcess, execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@ai-platform/test-utils';

/**
 * The CLI as `./scripts/start` runs it: started over a state folder,
 * stopped with SIGTERM (the script's trap), started again.
 */

jest.setTimeout(180_000);

const BIN = resolve(__dirname, '../../bin/cluster-sim');
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

function isFree(port: number): Promise<boolean> {
  return new Promise(done => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** A free port whose next one is free too (the CLI's two clusters), and a third for metrics. */
async function freePorts(): Promise<{ api: number; metrics: number }> {
  for (;;) {
    const api = 20_000 + Math.floor(Math.random() * 20_000);
    if (
      (await isFree(api)) &&
      (await isFree(api + 1)) &&
      (await isFree(api + 2))
    )
      return { api, metrics: api + 2 };
  }
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startCli(
  stateDir: string,
  ports: { api: number; metrics: number },
): Run {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'start',
      '--state-dir',
      stateDir,
      '--port',
      String(ports.api),
      '--metrics-port',
      String(ports.metrics),
      '--topology',
      resolve(__dirname, '../../topologies/demo.yaml'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', chunk => {
    output += chunk;
  });
  child.stderr!.on('data', chunk => {
    output += chunk;
  });
  const exited = new Promise<number | null>(done =>
    child.once('exit', code => done(code)),
  );
  return { child, output: () => output, exited };
}

function kubectl(stateDir: string, args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      KUBECTL,
      args,
      {
        env: { ...process.env, KUBECONFIG: join(stateDir, 'kubeconfig') },
        timeout: 30_000,
      },
      (error, stdout, stderr) =>
        error
          ? fail(new Error(`kubectl ${args.join(' ')}: ${stderr}`))
          : done(stdout),
    );
  });
}

describe('cluster-sim start over a state folder', () => {
  let dir: string;
  const runs: Run[] = [];
  const ready = async (run: Run) => {
    const endpoints = join(dir, 'endpoints.json');
    await waitFor(() => {
      if (run.child.exitCode !== null)
        throw new Error(`cluster-sim exited: ${run.output()}`);
      return existsSync(endpoints) && readFileSync(endpoints, 'utf8')
        ? true
        : undefined;
    }, 120_000);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cluster-sim-cli-'));
  });
  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null) {
        run.child.kill('SIGKILL');
        await run.exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves on SIGTERM and comes back with the same pods and what kubectl added', async () => {
    const ports = await freePorts();
    const first = startCli(dir, ports);
    runs.push(first);
    await ready(first);
    writeFileSync(
      join(dir, 'ns.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: made-by-kubectl\n',
    );
    await kubectl(dir, ['apply', '-f', join(dir, 'ns.yaml')]);
    const pods = await kubectl(dir, [
      'get',
      'pods',
      '-A',
      '--context',
      'gpu-prod',
      '-o',
      'name',
    ]);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    rmSync(join(dir, 'endpoints.json'));

    const second = startCli(dir, ports);
    runs.push(second);
    await ready(second);
    // Printed right after endpoints.json is written.
    await waitFor(
      () =>
        second
          .output()
          .includes(
            `gpu-prod at https://127.0.0.1:${ports.api} (restored from ${join(
              dir,
              'fleet-state.json',
            )})`,
          )
          ? true
          : undefined,
      30_000,
    );
    expect(
      await kubectl(dir, [
        'get',
        'pods',
        '-A',
        '--context',
        'gpu-prod',
        '-o',
        'name',
      ]),
    ).toBe(pods);
    expect(
      await kubectl(dir, ['get', 'namespace', 'made-by-kubectl', '-o', 'name']),
    ).toBe('namespace/made-by-kubectl\n');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('exits 1 on a half-written state file, naming it, and leaves it as it was', async () => {
    const file = join(dir, 'fleet-state.json');
    writeFileSync(file, '{"version":1,"clusters":{"gpu-prod":{"store":');
    const run = startCli(dir, await freePorts());
    runs.push(run);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(
      `cluster-sim: the fleet state file ${file} cannot be used: it is not complete JSON`,
    );
    expect(readFileSync(file, 'utf8')).toBe(
      '{"version":1,"clusters":{"gpu-prod":{"store":',
    );
  });
});
