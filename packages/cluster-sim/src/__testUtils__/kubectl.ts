import { execFile } from 'node:child_process';

/** kubectl from the machine, driven exactly as a user would. */
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

export function kubectl(
  args: string[],
  kubeconfig: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      KUBECTL,
      args,
      { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new Error(
              `kubectl not found (${KUBECTL}); these tests need it on PATH`,
            ),
          );
          return;
        }
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
