import { execFile } from 'node:child_process';
import { ClusterSim } from '@ai-platform/cluster-sim';

/** Runs kubectl against one cluster of the fleet, as a user would, and parses its JSON. */
export function kubectl(
  sim: ClusterSim,
  cluster: string,
  args: string[],
): Promise<any> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      ['--kubeconfig', sim.kubeconfigPath, '--context', cluster, ...args],
      { timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `kubectl ${args.join(' ')} failed: ${stderr || error.message}`,
            ),
          );
          return;
        }
        const text = stdout.trim();
        resolve(text.startsWith('{') ? JSON.parse(text) : text);
      },
    );
  });
}
