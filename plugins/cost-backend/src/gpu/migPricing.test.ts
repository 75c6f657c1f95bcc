import fc from 'fast-check';
import {
  GpuPartUse,
  migGpuModel,
  migProfileSlices,
  migShare,
  reconcileGpuCost,
  shareRateNanos,
  timeSliceShare,
} from './migPricing';

const HOUR_MS = 3_600_000n;
const DAY_MS = 86_400_000;

describe('migGpuModel', () => {
  it.each([
    ['h100', 'H100', 7],
    ['NVIDIA-H100-80GB-HBM3', 'H100', 7],
    ['NVIDIA-A100-SXM4-80GB', 'A100', 7],
    ['a100-40gb', 'A100', 7],
    ['NVIDIA-A30', 'A30', 4],
    ['NVIDIA-GH200-480GB', 'GH200', 7],
    ['h200', 'H200', 7],
  ])('reads %s as the %s with %i compute slices', (gpu, model, slices) => {
    expect(migGpuModel(gpu)).toMatchObject({ model, computeSlices: slices });
  });

  it.each(['l40s', 'NVIDIA-L40S', 'h1000', 'ah100x', ''])(
    'knows %p is no MIG GPU',
    gpu => {
      expect(migGpuModel(gpu)).toBeUndefined();
    },
  );
});

describe('migShare', () => {
  it.each([
    ['h100', '1g.10gb', 1n, 7n],
    ['h100', '1g.20gb', 1n, 7n],
    ['h100', '1g.10gb+me', 1n, 7n],
    ['h100', '2g.20gb', 2n, 7n],
    ['h100', '3g.40gb', 3n, 7n],
    ['a100', '4g.20gb', 4n, 7n],
    ['h100', '7g.80gb', 7n, 7n],
    ['a30', '1g.6gb', 1n, 4n],
    ['a30', '2g.12gb', 2n, 4n],
    ['a30', '4g.24gb', 4n, 4n],
  ])('prices %s %s as %d/%d of the GPU', (gpu, profile, num, den) => {
    expect(migShare(gpu, profile)).toEqual({
      share: { numerator: num, denominator: den },
    });
  });

  it.each([
    ['l40s', '1g.10gb', /'l40s' is not a known MIG-capable GPU/],
    ['a30', '3g.18gb', /'3g.18gb' is not a MIG profile of the A30/],
    ['h100', '5g.50gb', /not a MIG profile of the H100/],
    ['h100', 'mig-1g.10gb', /not a MIG profile/],
    ['h100', '1g', /not a MIG profile/],
  ])('refuses %s %s', (gpu, profile, message) => {
    const found = migShare(gpu, profile);
    expect('error' in found && found.error).toMatch(message);
  });

  it('reads the compute slices of a profile name', () => {
    expect(migProfileSlices('3g.40gb')).toBe(3);
    expect(migProfileSlices('3g')).toBeUndefined();
  });
});

describe('timeSliceShare', () => {
  it('gives each of N replicas 1/N', () => {
    expect(timeSliceShare(4)).toEqual({ numerator: 1n, denominator: 4n });
  });

  it.each([0, -1, 1.5, NaN])('refuses %p replicas', replicas => {
    expect(() => timeSliceShare(replicas)).toThrow(/positive integer/);
  });
});

describe('shareRateNanos', () => {
  it('rounds a share of the rate once, half away from zero', () => {
    // 4.5 / 7 = 0.642857142857…
    expect(
      shareRateNanos(4_500_000_000n, { numerator: 1n, denominator: 7n }),
    ).toBe(642_857_143n);
    expect(
      shareRateNanos(4_500_000_000n, { numerator: 3n, denominator: 7n }),
    ).toBe(1_928_571_429n);
  });
});

describe('reconcileGpuCost', () => {
  const oneDayOfH100 = (parts: GpuPartUse[]) =>
    reconcileGpuCost({
      rateNanos: 4_500_000_000n,
      intervalMs: DAY_MS,
      parts,
    });
  const seventh = { numerator: 1n, denominator: 7n };

  it('splits an H100-day between its instances and idle to the nano-unit', () => {
    // 24 h × 4.5 = 108; 2/7 = 30.857142857142…, 3/7 = 46.285714285714….
    const split = oneDayOfH100([
      {
        id: '2g',
        share: { numerator: 2n, denominator: 7n },
        allocatedMs: DAY_MS,
      },
      {
        id: '3g',
        share: { numerator: 3n, denominator: 7n },
        allocatedMs: DAY_MS,
      },
      { id: '1g-a', share: seventh, allocatedMs: 0 },
      { id: '1g-b', share: seventh, allocatedMs: 0 },
    ]);
    expect(split).toEqual({
      gpuNanos: 108_000_000_000n,
      parts: [
        { id: '2g', nanos: 30_857_142_857n },
        { id: '3g', nanos: 46_285_714_286n },
        { id: '1g-a', nanos: 0n },
        { id: '1g-b', nanos: 0n },
      ],
      idleNanos: 30_857_142_857n,
    });
  });

  it('counts slices no instance holds, and time an instance was free, as idle', () => {
    // Four 1g instances (4/7), one held half the day: 1/14 of the day's cost.
    const split = oneDayOfH100([
      { id: 'a', share: seventh, allocatedMs: DAY_MS / 2 },
      { id: 'b', share: seventh, allocatedMs: 0 },
    ]);
    expect(split.parts[0].nanos).toBe(7_714_285_714n);
    expect(split.idleNanos).toBe(108_000_000_000n - 7_714_285_714n);
  });

  it('gives time-sliced replicas 1/N each', () => {
    const quarter = timeSliceShare(4);
    const split = oneDayOfH100(
      [0, 1, 2].map(i => ({
        id: `r${i}`,
        share: quarter,
        allocatedMs: DAY_MS,
      })),
    );
    expect(split.parts.map(p => p.nanos)).toEqual([
      27_000_000_000n,
      27_000_000_000n,
      27_000_000_000n,
    ]);
    expect(split.idleNanos).toBe(27_000_000_000n);
  });

  it('refuses parts that add up to more than the GPU, or outlast the interval', () => {
    expect(() =>
      oneDayOfH100([
        { id: '4g', share: { numerator: 4n, denominator: 7n }, allocatedMs: 0 },
        {
          id: '4g-2',
          share: { numerator: 4n, denominator: 7n },
          allocatedMs: 0,
        },
      ]),
    ).toThrow(/more than one GPU/);
    expect(() =>
      oneDayOfH100([{ id: 'x', share: seventh, allocatedMs: DAY_MS + 1 }]),
    ).toThrow(/x is allocated 86400001 ms of a 86400000 ms interval/);
  });

  // Any layout of MIG instances (or time-sliced replicas) on one GPU.
  const layouts = fc
    .oneof(
      fc.constantFrom(7, 4),
      fc.integer({ min: 1, max: 16 }), // time-slicing replicas
    )
    .chain(slices =>
      fc
        .array(fc.integer({ min: 1, max: slices }), { maxLength: slices })
        .filter(sizes => sizes.reduce((a, b) => a + b, 0) <= slices)
        .map(sizes => ({ slices, sizes })),
    );

  it('always splits the GPU cost exactly, each part within a nano-unit of its exact price', () => {
    fc.assert(
      fc.property(
        layouts,
        fc.bigInt({ min: 0n, max: 100_000_000_000_000n }),
        fc.integer({ min: 0, max: 31 * DAY_MS }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
          minLength: 16,
          maxLength: 16,
        }),
        ({ slices, sizes }, rateNanos, intervalMs, held) => {
          const parts = sizes.map((size, i) => ({
            id: `p${i}`,
            share: { numerator: BigInt(size), denominator: BigInt(slices) },
            allocatedMs: Math.floor(held[i] * intervalMs),
          }));
          const split = reconcileGpuCost({ rateNanos, intervalMs, parts });
          const sum =
            split.parts.reduce((s, p) => s + p.nanos, 0n) + split.idleNanos;
          expect(sum).toBe(split.gpuNanos);
          // The GPU's cost, rounded once (half up: amounts are non-negative).
          const exactGpu = BigInt(intervalMs) * rateNanos;
          expect(split.gpuNanos).toBe(
            (2n * exactGpu + HOUR_MS) / (2n * HOUR_MS),
          );
          parts.forEach((p, i) => {
            // |nanos × den × HOUR_MS − ms × rate × num| < den × HOUR_MS
            const scale = p.share.denominator * HOUR_MS;
            const exact = BigInt(p.allocatedMs) * rateNanos * p.share.numerator;
            const error = split.parts[i].nanos * scale - exact;
            expect(error < scale && error > -scale).toBe(true);
          });
          expect(split.idleNanos >= 0n).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
