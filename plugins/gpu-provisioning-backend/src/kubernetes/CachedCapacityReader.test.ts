import { CapacityReader } from '../types';
import { CachedCapacityReader } from './CachedCapacityReader';

type Capacity = Awaited<ReturnType<CapacityReader['read']>>;

function capacityWith(total: number): Capacity {
  return {
    items: [
      {
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        displayName: 'H100',
        resource: 'nvidia.com/gpu',
        memoryMiB: 81559,
        hourlyRate: 4.5,
        total,
        inUse: 0,
        granted: 0,
        free: total,
      },
    ],
    errors: [],
  };
}

/** A reader whose listings are answered by hand, counting them. */
function manualReader() {
  const pending: Array<{
    resolve: (c: Capacity) => void;
    reject: (e: Error) => void;
  }> = [];
  const reader: CapacityReader = {
    clusterNames: () => ['gpu-prod'],
    read: () =>
      new Promise<Capacity>((resolve, reject) =>
        pending.push({ resolve, reject }),
      ),
  };
  return { reader, pending };
}

describe('CachedCapacityReader', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 0;
  });

  it('shares one listing among everyone who asks while it runs', async () => {
    const { reader, pending } = manualReader();
    const cached = CachedCapacityReader.create({ reader, now });
    const answers = Promise.all(
      Array.from({ length: 200 }, () => cached.read()),
    );
    expect(pending).toHaveLength(1);
    pending[0].resolve(capacityWith(8));
    const all = await answers;
    expect(all.every(a => a.items[0].total === 8)).toBe(true);
  });

  it('serves a fresh reading without listing again', async () => {
    const { reader, pending } = manualReader();
    const cached = CachedCapacityReader.create({ reader, now, freshMs: 1000 });
    const first = cached.read();
    pending[0].resolve(capacityWith(8));
    await first;
    clock = 999;
    expect((await cached.read()).items[0].total).toBe(8);
    expect(pending).toHaveLength(1);
  });

  it('serves a stale reading while one refresh runs, then the new one', async () => {
    const { reader, pending } = manualReader();
    const cached = CachedCapacityReader.create({
      reader,
      now,
      freshMs: 1000,
      maxStaleMs: 10_000,
    });
    const first = cached.read();
    pending[0].resolve(capacityWith(8));
    await first;
    clock = 5000;
    expect((await cached.read()).items[0].total).toBe(8);
    expect((await cached.read()).items[0].total).toBe(8);
    expect(pending).toHaveLength(2);
    pending[1].resolve(capacityWith(16));
    await new Promise(resolve => setImmediate(resolve));
    expect((await cached.read()).items[0].total).toBe(16);
    expect(pending).toHaveLength(2);
  });

  it('makes callers wait for a new reading once the old one is too stale', async () => {
    const { reader, pending } = manualReader();
    const cached = CachedCapacityReader.create({
      reader,
      now,
      freshMs: 1000,
      maxStaleMs: 10_000,
    });
    const first = cached.read();
    pending[0].resolve(capacityWith(8));
    await first;
    clock = 10_000;
    const waiting = cached.read();
    pending[1].resolve(capacityWith(4));
    expect((await waiting).items[0].total).toBe(4);
  });

  it('does not keep a failed listing: the next caller lists again', async () => {
    const { reader, pending } = manualReader();
    const cached = CachedCapacityReader.create({ reader, now });
    const failed = cached.read();
    pending[0].reject(new Error('connection refused'));
    await expect(failed).rejects.toThrow('connection refused');
    const retried = cached.read();
    expect(pending).toHaveLength(2);
    pending[1].resolve(capacityWith(8));
    expect((await retried).items[0].total).toBe(8);
  });
});
