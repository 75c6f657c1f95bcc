import { CapacityReader } from '../types';

type Capacity = Awaited<ReturnType<CapacityReader['read']>>;

/** A reading younger than this is served as it is. */
const DEFAULT_FRESH_MS = 5_000;
/** A reading older than this is not served; callers wait for a new one. */
const DEFAULT_MAX_STALE_MS = 60_000;

/**
 * Capacity for many callers at the cost of one cluster listing every few
 * seconds: a reading is shared by everyone who asks while it is fresh; once
 * stale it is still served while one refresh runs behind it (so no request
 * waits on a listing), and past `maxStaleMs` callers wait for that refresh.
 * Every caller arriving during a listing shares it (single flight). A failed
 * listing is not kept: the next caller tries again.
 *
 * What this serves is at most `maxStaleMs` old: enough for the request
 * policy (is this class on this cluster at all) and for the capacity page,
 * whose grant counts come from the ledger, not from here.
 */
export class CachedCapacityReader implements CapacityReader {
  private reading?: { value: Capacity; at: number };
  private refreshing?: Promise<Capacity>;

  static create(options: {
    reader: CapacityReader;
    freshMs?: number;
    maxStaleMs?: number;
    /** The clock, for tests. */
    now?: () => number;
  }): CachedCapacityReader {
    return new CachedCapacityReader(
      options.reader,
      options.freshMs ?? DEFAULT_FRESH_MS,
      options.maxStaleMs ?? DEFAULT_MAX_STALE_MS,
      options.now ?? Date.now,
    );
  }

  private constructor(
    private readonly reader: CapacityReader,
    private readonly freshMs: number,
    private readonly maxStaleMs: number,
    private readonly now: () => number,
  ) {}

  clusterNames(): string[] {
    return this.reader.clusterNames();
  }

  async read(): Promise<Capacity> {
    const age = this.reading ? this.now() - this.reading.at : Infinity;
    if (this.reading && age < this.freshMs) return this.reading.value;
    const refresh = this.refresh();
    if (this.reading && age < this.maxStaleMs) {
      // Served stale; a failed refresh is retried by the next caller.
      refresh.catch(() => {});
      return this.reading.value;
    }
    return refresh;
  }

  private refresh(): Promise<Capacity> {
    if (!this.refreshing) {
      const started = this.now();
      this.refreshing = this.reader
        .read()
        .then(value => {
          this.reading = { value, at: started };
          return value;
        })
        .finally(() => {
          this.refreshing = undefined;
        });
    }
    return this.refreshing;
  }
}
