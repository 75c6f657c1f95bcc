/**
 * Runs a reconcile function for keys marked dirty, once per key and turn of
 * the event loop, so a burst of store events costs one pass, like a
 * controller's work queue.
 */
export class Reconciler {
  private readonly dirty = new Set<string>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly name: string,
    private reconcile: (key: string) => void = () => {},
  ) {}

  /** Sets the reconcile function when it needs the reconciler itself. */
  setReconcile(reconcile: (key: string) => void): void {
    this.reconcile = reconcile;
  }

  enqueue(key: string): void {
    if (this.stopped) return;
    this.dirty.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain() {
    this.scheduled = false;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.reconcile(key);
      } catch (error) {
        // A controller error must not take the API down; it retries on the next change.
        // eslint-disable-next-line no-console
        console.error(
          `cluster-sim ${this.name} controller failed on ${key}:`,
          error,
        );
      }
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
