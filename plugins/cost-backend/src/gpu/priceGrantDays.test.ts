import fc from 'fast-check';
import {
  GrantDay,
  priceGrantDays,
  usedNanos,
  utilisationBasisPoints,
} from './priceGrantDays';

const HOUR_MS = 3_600_000n;
const DAY_MS = 86_400_000;

/** Non-negative `numerator / HOUR_MS` rounded half up, written independently of divideRounded. */
const roundedHours = (numerator: bigint) =>
  (2n * numerator + HOUR_MS) / (2n * HOUR_MS);

const grantDays = fc.array(
  fc.record({
    ms: fc.integer({ min: 0, max: DAY_MS }),
    // Up to 100,000 of a currency per GPU-hour, or unpriced.
    rateNanos: fc.option(fc.bigInt({ min: 0n, max: 100_000_000_000_000n }), {
      nil: undefined,
    }),
  }),
  { minLength: 1, maxLength: 60 },
);

const asDays = (days: Array<Omit<GrantDay, 'day'>>): GrantDay[] =>
  days.map((d, i) => ({ ...d, day: `day-${i}` }));

/** ms × GPUs × rate of the priced days: the exact price × HOUR_MS. */
const exactNumerator = (days: GrantDay[], count: number) =>
  days.reduce(
    (sum, d) =>
      d.rateNanos === undefined
        ? sum
        : sum + BigInt(d.ms) * BigInt(count) * d.rateNanos,
    0n,
  );

describe('priceGrantDays', () => {
  it('prices days that add up exactly to the whole interval priced once', () => {
    fc.assert(
      fc.property(grantDays, fc.integer({ min: 1, max: 64 }), (raw, count) => {
        const days = asDays(raw);
        const priced = priceGrantDays(days, count);
        const sum = priced.reduce((s, d) => s + d.allocatedNanos, 0n);
        expect(sum).toBe(roundedHours(exactNumerator(days, count)));
      }),
    );
  });

  it('keeps every day within one nano-unit of its exact price, and unpriced days at 0', () => {
    fc.assert(
      fc.property(grantDays, fc.integer({ min: 1, max: 64 }), (raw, count) => {
        const priced = priceGrantDays(asDays(raw), count);
        expect(
          priced
            .filter(d => d.rateNanos === undefined)
            .every(d => d.allocatedNanos === 0n),
        ).toBe(true);
        for (const d of priced) {
          const exact = BigInt(d.ms) * BigInt(count) * (d.rateNanos ?? 0n);
          const error = d.allocatedNanos * HOUR_MS - exact;
          expect(error < HOUR_MS && error > -HOUR_MS).toBe(true);
        }
      }),
    );
  });

  it('prices a day the same whatever days follow it', () => {
    fc.assert(
      fc.property(
        grantDays,
        fc.integer({ min: 1, max: 64 }),
        fc.nat(),
        (raw, count, cut) => {
          const days = asDays(raw);
          const prefix = days.slice(0, (cut % days.length) + 1);
          expect(priceGrantDays(prefix, count)).toEqual(
            priceGrantDays(days, count).slice(0, prefix.length),
          );
        },
      ),
    );
  });

  it('prices a share of the GPU (MIG slices, time-sliced replicas) as the exact fraction of the interval rounded once', () => {
    fc.assert(
      fc.property(
        grantDays,
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 16 }).chain(den =>
          fc.integer({ min: 1, max: den }).map(num => ({
            numerator: BigInt(num),
            denominator: BigInt(den),
          })),
        ),
        (raw, count, share) => {
          const days = asDays(raw);
          const priced = priceGrantDays(days, count, share);
          const sum = priced.reduce((s, d) => s + d.allocatedNanos, 0n);
          const numerator = exactNumerator(days, count) * share.numerator;
          const divisor = HOUR_MS * share.denominator;
          expect(sum).toBe((2n * numerator + divisor) / (2n * divisor));
        },
      ),
    );
  });

  it('prices 10 h of 4 GPUs at 0.7 as 28 exactly, split over two days', () => {
    const days = asDays([
      { ms: 7 * 3_600_000 + 1, rateNanos: 700_000_000n },
      { ms: 3 * 3_600_000 - 1, rateNanos: 700_000_000n },
    ]);
    const priced = priceGrantDays(days, 4).map(d => d.allocatedNanos);
    // 7 h + 1 ms is 19.6000007777… → 19.600000778; the rest is what is left.
    expect(priced).toEqual([19_600_000_778n, 8_399_999_222n]);
    expect(priced[0] + priced[1]).toBe(28_000_000_000n);
  });

  it('does not round each day on its own: two halves do not make two wholes', () => {
    // Half an hour at 3 nano-units a GPU-hour is 1.5: alone each half
    // rounds to 2 (4 in all), but the hour costs 3.
    const days = asDays([
      { ms: 1_800_000, rateNanos: 3n },
      { ms: 1_800_000, rateNanos: 3n },
    ]);
    expect(priceGrantDays(days, 1).map(d => d.allocatedNanos)).toEqual([
      2n,
      1n,
    ]);
  });
});

describe('utilisationBasisPoints', () => {
  it.each([
    [25, 2500],
    [25.37, 2537],
    [33.333333, 3333],
    [-5, 0],
    [140, 10_000],
    [Number.NaN, 0],
  ])('reads %p %% as %p basis points', (percent, bp) => {
    expect(utilisationBasisPoints(percent)).toBe(bp);
  });
});

describe('usedNanos', () => {
  it.each([
    [486_000_000_000n, 2500, 121_500_000_000n],
    // 1 × 0.3333 = 0.3333 nano-units → 0; 3 × 0.5 = 1.5 → 2 (half away from zero).
    [1n, 3333, 0n],
    [3n, 5000, 2n],
    [-3n, 5000, -2n],
    [12_300_000_001n, 10_000, 12_300_000_001n],
  ])('takes %p × %p bp as %p, rounded once', (allocated, bp, used) => {
    expect(usedNanos(allocated, bp)).toBe(used);
  });
});
