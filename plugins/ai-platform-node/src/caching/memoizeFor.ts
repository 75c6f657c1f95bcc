/**
 * Options of {@link memoizeFor}.
 *
 * @public
 */
export interface MemoizeForOptions<A> {
  /** The key of a call's argument; calls with the same key share an answer. */
  keyOf: (argument: A) => string;
  /** How long an answer is reused, in ms; 0 reads on every call. */
  ttlMs: number;
  /** Keys kept at most; expired ones go first, then the oldest. Default 10,000. */
  maxEntries?: number;
}

/**
 * Wraps a read so that its answer for a key is reused for `ttlMs`, and
 * callers asking for the same key at the same time share one read (single
 * flight); the argument of the call that reads is the one used. A failed
 * read is not kept: the next caller reads again.
 *
 * @public
 */
export function memoizeFor<A, V>(
  read: (argument: A) => Promise<V>,
  options: MemoizeForOptions<A>,
): (argument: A) => Promise<V> {
  const { keyOf, ttlMs, maxEntries = 10_000 } = options;
  const entries = new Map<string, { at: number; value: Promise<V> }>();

  const makeRoom = (now: number) => {
    if (entries.size < maxEntries) return;
    for (const [key, entry] of entries) {
      if (now - entry.at >= ttlMs) entries.delete(key);
    }
    if (entries.size >= maxEntries) {
      entries.delete(entries.keys().next().value!);
    }
  };

  return argument => {
    const key = keyOf(argument);
    const now = Date.now();
    const cached = entries.get(key);
    if (cached && now - cached.at < ttlMs) return cached.value;
    const value = read(argument);
    if (ttlMs > 0) {
      makeRoom(now);
      entries.set(key, { at: now, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
    }
    return value;
  };
}
