import { ChildProcess, fork } from 'node:child_process';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { IngestDuckDbSettings, ingestDuckDbOptions } from './openIngestDuckDb';

/** A statement parameter: text, or a list of texts (bound as VARCHAR[]). */
export type DuckDbParameter = string | string[] | null;

/** A result row, every value as text. */
export type DuckDbTextRow = Array<string | null>;

/** The DuckDB the ingest's process has open. */
export interface DuckDbSession {
  run(sql: string, params?: DuckDbParameter[]): Promise<void>;
  rows(sql: string, params?: DuckDbParameter[]): Promise<DuckDbTextRow[]>;
  /** The result a chunk at a time, each asked for when the last is used. */
  stream(
    sql: string,
    params?: DuckDbParameter[],
  ): AsyncGenerator<DuckDbTextRow[]>;
  close(): Promise<void>;
}

/** The process's CPU time and peak resident memory so far. */
export interface DuckDbProcessUsage {
  cpuMs: number;
  maxRssMiB: number;
}

/** The ingest's DuckDB process ended or could not start: the run fails. */
export class DuckDbProcessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DuckDbProcessError';
  }
}

const WORKER = resolvePackagePath(
  '@ai-platform/plugin-cost-backend',
  'worker',
  'ingestDuckDbWorker.cjs',
);

/** How long a stopped process may take to end before it is killed. */
const STOP_GRACE_MS = 5_000;

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

/**
 * The ingest's DuckDB in a child process (worker/ingestDuckDbWorker.cjs,
 * plain JavaScript, resolved from this package so it runs where the
 * package is installed): DuckDB's memory is that process's, and the
 * backend's resident memory stays near its baseline during an ingest. It
 * holds one DuckDB at a time; {@link open} closes the one before. Should
 * the process end before it is stopped (a crash, a kill, no memory), every
 * call fails with a {@link DuckDbProcessError} naming how it ended.
 */
export class IngestDuckDbProcess {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ended?: DuckDbProcessError;

  private constructor(private readonly child: ChildProcess) {
    child.on(
      'message',
      (message: { id: number; result?: unknown; error?: string }) => {
        const call = this.pending.get(message.id);
        if (!call) return;
        this.pending.delete(message.id);
        if (message.error !== undefined) call.reject(new Error(message.error));
        else call.resolve(message.result);
      },
    );
    const end = (error: DuckDbProcessError) => {
      this.ended ??= error;
      for (const call of this.pending.values()) call.reject(this.ended);
      this.pending.clear();
    };
    child.on('error', error =>
      end(
        new DuckDbProcessError(
          `The ingest's DuckDB process failed: ${String(error)}`,
        ),
      ),
    );
    child.on('exit', (code, signal) =>
      end(
        new DuckDbProcessError(
          `The ingest's DuckDB process (pid ${child.pid}) ended unexpectedly (${
            signal ? `signal ${signal}` : `exit code ${code}`
          })`,
        ),
      ),
    );
  }

  /** Starts the process (it loads DuckDB and waits for statements). */
  static async start(): Promise<IngestDuckDbProcess> {
    const child = fork(WORKER, [], {
      // Plain JavaScript: none of the backend's flags (transforms, inspector).
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const process = new IngestDuckDbProcess(child);
    await process.usage();
    return process;
  }

  /** The child's process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      this.child.send({ ...message, id }, error => {
        if (!error || !this.pending.has(id)) return;
        this.pending.delete(id);
        reject(
          new DuckDbProcessError(
            `Could not reach the ingest's DuckDB process: ${String(error)}`,
          ),
        );
      });
    });
  }

  /** Opens a DuckDB for one step (closing the one before), configuration locked. */
  async open(settings: IngestDuckDbSettings): Promise<DuckDbSession> {
    await this.call({ op: 'open', options: ingestDuckDbOptions(settings) });
    await this.call({ op: 'run', sql: 'SET lock_configuration = true' });
    const call = <T>(message: Record<string, unknown>) => this.call<T>(message);
    return {
      run: async (sql, params = []) => {
        await call({ op: 'run', sql, params });
      },
      rows: (sql, params = []) =>
        call<DuckDbTextRow[]>({ op: 'rows', sql, params }),
      async *stream(sql, params = []) {
        await call({ op: 'stream', sql, params });
        for (;;) {
          const rows = await call<DuckDbTextRow[] | null>({ op: 'next' });
          if (!rows) return;
          yield rows;
        }
      },
      close: async () => {
        await call({ op: 'close' });
      },
    };
  }

  /** The process's CPU time and peak resident memory so far. */
  async usage(): Promise<DuckDbProcessUsage> {
    const usage = await this.call<{ cpuMs: number; maxRssKiB: number }>({
      op: 'usage',
    });
    return {
      cpuMs: usage.cpuMs,
      maxRssMiB: Math.round(usage.maxRssKiB / 1024),
    };
  }

  /** Ends the process (its DuckDB with it) and waits until it has. */
  async stop(): Promise<void> {
    if (this.ended || this.child.exitCode !== null) return;
    const exited = new Promise<void>(resolve =>
      this.child.once('exit', () => resolve()),
    );
    this.ended = new DuckDbProcessError(
      "The ingest's DuckDB process was stopped",
    );
    // Disconnecting ends it once its statement is done; one still running
    // after a failed step is killed rather than waited for.
    const kill = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    if (this.child.connected) this.child.disconnect();
    else this.child.kill('SIGKILL');
    await exited;
    clearTimeout(kill);
  }
}
