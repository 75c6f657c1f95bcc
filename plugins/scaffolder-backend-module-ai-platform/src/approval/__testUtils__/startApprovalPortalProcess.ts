import { fork } from 'node:child_process';
import path from 'node:path';
import { ApprovalPortalOptions } from './startApprovalPortal';

/** A backend from {@link startApprovalPortalProcess}. */
export type ApprovalPortalProcess = {
  /** Where it answers, for supertest. */
  url: string;
  /** Ends it at once with SIGKILL, as a crash or the OOM killer would: no shutdown hooks run. */
  kill(): Promise<void>;
};

const STARTUP_TIMEOUT_MS = 120_000;
const OUTPUT_KEPT = 16_384;

/**
 * Runs `startApprovalPortal` in a process of its own, through the same
 * TypeScript transform as `backstage-cli package start`, so the test can
 * kill it as a crash would and start the next backend on its database
 * with nothing of the first left in the test's process.
 */
export async function startApprovalPortalProcess(
  options: ApprovalPortalOptions,
): Promise<ApprovalPortalProcess> {
  // Only what the config needs of each cluster: a ClusterSim's clusters
  // also hold their running API servers.
  const clusters = options.fleet.clusters.map(
    ({ name, description, url, token, readOnlyToken, caPem }) => ({
      name,
      description,
      url,
      token,
      readOnlyToken,
      caPem,
    }),
  );
  const child = fork(
    path.join(__dirname, 'approvalPortalChild.ts'),
    [JSON.stringify({ ...options, fleet: { clusters } })],
    {
      execArgv: [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
    await exited;
  };

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `The approval portal process did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output}`,
            ),
          ),
        STARTUP_TIMEOUT_MS,
      );
      child.on('message', (message: { type?: string; port?: number }) => {
        if (message?.type === 'approval-portal-ready') {
          clearTimeout(timer);
          resolve(message.port!);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(
            `The approval portal process ended (${
              signal ?? code
            }) before it started:\n${output}`,
          ),
        );
      });
    });
    return { url: `http://localhost:${port}`, kill };
  } catch (error) {
    await kill();
    throw error;
  }
}
