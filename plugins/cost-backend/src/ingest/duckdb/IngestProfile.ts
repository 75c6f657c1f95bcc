import { DuckDbProcessUsage } from './IngestDuckDbProcess';

/** One step of a DuckDB ingest: wall-clock time and CPU time of each process. */
export interface IngestPhase {
  name: string;
  wallMs: number;
  /** CPU time of the backend's process. */
  backendCpuMs: number;
  /** CPU time of the ingest's DuckDB process. */
  duckdbCpuMs: number;
}

/** Where a DuckDB ingest's time went, and the DuckDB process's peak memory. */
export interface IngestProfile {
  phases: IngestPhase[];
  duckdbPeakRssMiB: number;
}

/**
 * Times the steps of one ingest. `usage` reads the DuckDB process's CPU
 * time. The roll-up is summed while the store writes it, so its phase is
 * the time spent waiting for chunks ({@link split}), taken out of the
 * store's ({@link subtract}).
 */
export class IngestProfiler {
  readonly phases: IngestPhase[] = [];

  constructor(private readonly usage: () => Promise<DuckDbProcessUsage>) {}

  async time<T>(name: string, step: () => Promise<T>): Promise<T> {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const duck = (await this.usage()).cpuMs;
    try {
      return await step();
    } finally {
      const used = process.cpuUsage(cpu);
      this.phases.push({
        name,
        wallMs: Math.round(performance.now() - wall),
        backendCpuMs: Math.round((used.user + used.system) / 1000),
        duckdbCpuMs: Math.round(
          (await this.usage().catch(() => ({ cpuMs: duck }))).cpuMs - duck,
        ),
      });
    }
  }

  /** Wraps the chunks of `source`: the time spent waiting for them becomes the phase `name`. */
  async *split<T>(name: string, source: AsyncIterable<T>): AsyncGenerator<T> {
    const phase: IngestPhase = {
      name,
      wallMs: 0,
      backendCpuMs: 0,
      duckdbCpuMs: 0,
    };
    this.phases.push(phase);
    const iterator = source[Symbol.asyncIterator]();
    for (;;) {
      const wall = performance.now();
      const cpu = process.cpuUsage();
      const next = await iterator.next();
      const used = process.cpuUsage(cpu);
      phase.wallMs += performance.now() - wall;
      phase.backendCpuMs += (used.user + used.system) / 1000;
      if (next.done) break;
      yield next.value;
    }
    phase.wallMs = Math.round(phase.wallMs);
    phase.backendCpuMs = Math.round(phase.backendCpuMs);
  }

  /** Takes the time of phase `part` out of phase `whole` (both recorded). */
  subtract(whole: string, part: string) {
    const w = this.phases.find(p => p.name === whole);
    const p = this.phases.find(q => q.name === part);
    if (!w || !p) return;
    w.wallMs -= p.wallMs;
    w.backendCpuMs -= p.backendCpuMs;
    // DuckDB works only while asked for a chunk: its CPU is the part's.
    p.duckdbCpuMs = w.duckdbCpuMs;
    w.duckdbCpuMs = 0;
  }
}
