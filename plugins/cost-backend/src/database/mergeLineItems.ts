import { StoredLineItem } from './types';

/** (day, id) order: ids compared as whole numbers, since they are 64-bit. */
export function compareLineItems(
  a: { day: string; id: string },
  b: { day: string; id: string },
): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** One source of a merge: its current batch and where it stands in it. */
interface Head {
  iterator: AsyncIterator<StoredLineItem[]>;
  batch: StoredLineItem[];
  index: number;
}

async function advance(head: Head): Promise<boolean> {
  while (head.index >= head.batch.length) {
    const next = await head.iterator.next();
    if (next.done) return false;
    head.batch = next.value;
    head.index = 0;
  }
  return true;
}

/**
 * Merges sources each in (day, id) order into one such stream, in batches
 * of up to `batchSize`. Every source's first batch is read before anything
 * is yielded, so a source that cannot be opened fails the whole read up
 * front (before a streamed answer has started). Ids are unique across
 * sources (one id sequence), so the order is total.
 */
export async function mergeLineItemStreams(
  sources: Array<AsyncIterable<StoredLineItem[]>>,
  batchSize: number,
): Promise<AsyncGenerator<StoredLineItem[]>> {
  const heads: Head[] = [];
  try {
    for (const source of sources) {
      const head: Head = {
        iterator: source[Symbol.asyncIterator](),
        batch: [],
        index: 0,
      };
      heads.push(head);
      await advance(head);
    }
  } catch (error) {
    await Promise.all(heads.map(h => h.iterator.return?.()));
    throw error;
  }
  return (async function* merged() {
    let live = heads.filter(h => h.index < h.batch.length);
    try {
      let out: StoredLineItem[] = [];
      while (live.length) {
        if (live.length === 1) {
          // One source left: its batches go out as they come.
          const [last] = live;
          if (out.length) yield out;
          out = [];
          yield last.batch.slice(last.index);
          for (;;) {
            const next = await last.iterator.next();
            if (next.done) return;
            if (next.value.length) yield next.value;
          }
        }
        let least = live[0];
        for (const head of live) {
          if (
            compareLineItems(head.batch[head.index], least.batch[least.index]) <
            0
          ) {
            least = head;
          }
        }
        out.push(least.batch[least.index]);
        least.index += 1;
        if (!(await advance(least))) live = live.filter(h => h !== least);
        if (out.length >= batchSize) {
          yield out;
          out = [];
        }
      }
      if (out.length) yield out;
    } finally {
      await Promise.all(heads.map(h => h.iterator.return?.()));
    }
  })();
}
