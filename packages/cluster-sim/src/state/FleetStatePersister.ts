import { writeFileAtomic } from './writeFileAtomic';
import { FleetState } from './types';

/** Options of {@link FleetStatePersister.create}. */
export interface FleetStatePersisterOptions {
  file: string;
  /** The state to write, read when a write is due. */
  snapshot: () => FleetState;
  /** Quiet time after the last change before writing; default 250 ms. */
  debounceMs?: number;
  /** Longest a change waits while changes keep coming; default 2 s. */
  maxDelayMs?: number;
  /** Told when a write fails; the next change tries again. */
  onError?: (error: Error) => void;
}

/**
 * Writes the fleet's state file after changes: once a burst of changes is
 * over (a controller's reconcile, a `kubectl apply -f` of many objects), and
 * at least every `maxDelayMs` while they go on, each write atomic. `stop()`
 * writes what is still pending.
 */
export class FleetStatePersister {
  private timer?: NodeJS.Timeout;
  private firstPendingAt?: number;
  private stopped = false;

  private constructor(
    private readonly options: Required<
      Omit<FleetStatePersisterOptions, 'onError'>
    > &
      Pick<FleetStatePersisterOptions, 'onError'>,
  ) {}

  static create(options: FleetStatePersisterOptions): FleetStatePersister {
    return new FleetStatePersister({
      debounceMs: 250,
      maxDelayMs: 2000,
      ...options,
    });
  }

  /** Notes a change; the file is written when the changes settle. */
  changed(): void {
    if (this.stopped) return;
    const now = Date.now();
    this.firstPendingAt ??= now;
    clearTimeout(this.timer);
    const due = Math.min(
      now + this.options.debounceMs,
      this.firstPendingAt + this.options.maxDelayMs,
    );
    this.timer = setTimeout(() => this.writeNow(), Math.max(0, due - now));
  }

  /** Writes the state now, whether or not anything changed. */
  writeNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.firstPendingAt = undefined;
    try {
      writeFileAtomic(
        this.options.file,
        JSON.stringify(this.options.snapshot()),
      );
    } catch (error) {
      if (!this.options.onError) throw error;
      this.options.onError(error as Error);
    }
  }

  /** Writes pending changes and ignores later ones. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) this.writeNow();
  }
}
