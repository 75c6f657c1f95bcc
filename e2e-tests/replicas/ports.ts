import { createServer } from 'node:net';

/** Ports of this test; none of the portal's defaults (7007, 3000, 16443/4, 19400, 19090). */
export const PORTS = {
  replicaA: 7307,
  replicaB: 7308,
  /** The first simulated cluster (gpu-prod); gpu-dev takes the next. */
  cluster: 16743,
  metrics: 19700,
  /** Nothing listens here: GPU usage is "unavailable", as without Prometheus. */
  prometheus: 19790,
} as const;

/** A free loopback port, for the throwaway PostgreSQL. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Throws when something already listens on a port this test needs. */
export async function assertFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(
        new Error(
          `Port ${port} is in use: the replicas test needs it (stop what runs there)`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
