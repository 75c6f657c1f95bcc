import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

let processReplicaId: string | undefined;

/**
 * This backend process among its replicas: host name (the pod's name in
 * Kubernetes), process id and a random part, so a restarted process with a
 * reused pid is a different owner. The same for the life of the process.
 *
 * @public
 */
export function replicaId(): string {
  processReplicaId ??= `${hostname().slice(0, 40)}:${
    process.pid
  }:${randomUUID().slice(0, 8)}`;
  return processReplicaId;
}

/**
 * Keeps a run's lease alive: calls `beat` every `intervalMs` while the run
 * goes on, one beat at a time, so a row owned by a process that died stops
 * being renewed and another replica can tell (its heartbeat is older than a
 * few intervals). A failed beat is reported and the next one tries again.
 *
 * @public
 */
export class RunHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  /** Starts beating; the first beat comes one interval after the start. */
  static start(options: {
    intervalMs: number;
    beat: () => Promise<unknown>;
    onError: (error: unknown) => void;
  }): RunHeartbeat {
    return new RunHeartbeat(options);
  }

  private constructor(
    private readonly options: {
      intervalMs: number;
      beat: () => Promise<unknown>;
      onError: (error: unknown) => void;
    },
  ) {
    this.schedule();
  }

  private schedule() {
    this.timer = setTimeout(() => {
      this.inFlight = this.options
        .beat()
        .then(
          () => undefined,
          error => this.options.onError(error),
        )
        .finally(() => {
          if (this.timer) this.schedule();
        });
    }, this.options.intervalMs);
    // A heartbeat alone never keeps the process alive.
    this.timer.unref();
  }

  /** Stops beating; resolves once a beat under way has finished. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }
}
