import fc from 'fast-check';
import { describeStartEstimate } from './describeStartEstimate';
import { estimateStart, StartEstimate, UnitRelease } from './startEstimate';

const now = new Date('2026-12-03T12:00:00Z');
const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const context = {
  now,
  units: 'H100 GPUs',
  cluster: 'gpu-prod',
  requiresApproval: false,
};

/** An estimate reduced to what the brute force can tell: outcome and start. */
function outcomeOf(estimate: StartEstimate) {
  if (estimate.outcome === 'later') {
    return { outcome: 'later', at: estimate.startsAt.getTime() };
  }
  if (estimate.outcome === 'now') return { outcome: 'now', at: now.getTime() };
  return { outcome: estimate.outcome };
}

/** What trying every instant says the estimate must be. */
function expectedOutcome(facts: {
  count: number;
  limit: number;
  first: number | undefined;
  fitsBeforeNow: boolean;
}) {
  if (facts.count > facts.limit) return { outcome: 'over-quota' };
  if (facts.first === undefined) return { outcome: 'unknown' };
  // Fitting before anything ends is "now"; fitting once grants end at this very instant is "later", at now.
  if (facts.first === now.getTime() && facts.fitsBeforeNow) {
    return { outcome: 'now', at: now.getTime() };
  }
  return { outcome: 'later', at: facts.first };
}

describe('estimateStart', () => {
  it('starts now when quota and capacity both have room', () => {
    const estimate = estimateStart({
      now,
      count: 2,
      quota: { limit: 8, used: 2 },
      freeNow: 12,
      releases: [],
    });
    expect(estimate).toEqual({ outcome: 'now', quotaLeft: 6, freeNow: 12 });
    expect(
      describeStartEstimate(estimate, { ...context, count: 2, quotaLimit: 8 }),
    ).toBe(
      "Can start now: 6 of 8 H100 GPUs of your team's quota are left and gpu-prod has 12 free.",
    );
  });

  it("waits for the team's grants to end when its quota binds", () => {
    const estimate = estimateStart({
      now,
      count: 4,
      quota: { limit: 8, used: 8 },
      freeNow: 20,
      releases: [
        { at: inHours(5), count: 4, quota: true, capacity: true },
        { at: inHours(1), count: 2, quota: true, capacity: false },
        { at: inHours(2), count: 2, quota: true, capacity: true },
      ],
    });
    expect(estimate).toEqual({
      outcome: 'later',
      startsAt: inHours(2),
      binding: 'quota',
      quotaLeft: 0,
      freeNow: 20,
      waitsFor: 2,
    });
    expect(
      describeStartEstimate(estimate, {
        ...context,
        count: 4,
        quotaLimit: 8,
        requiresApproval: true,
      }),
    ).toBe(
      "Starts in about 2 h, when 2 grants end: your team's quota has 0 of 8 H100 GPUs left and you asked for 4. It is above the approval threshold, so an approver must say yes first.",
    );
  });

  it('waits for capacity on the cluster when it binds, whoever holds it', () => {
    const estimate = estimateStart({
      now,
      count: 4,
      quota: { limit: 8, used: 0 },
      freeNow: 2,
      releases: [
        { at: inHours(0.5), count: 1, quota: false, capacity: true },
        { at: inHours(3), count: 1, quota: false, capacity: true },
      ],
    });
    expect(estimate).toMatchObject({
      outcome: 'later',
      startsAt: inHours(3),
      binding: 'capacity',
    });
    expect(
      describeStartEstimate(estimate, { ...context, count: 4, quotaLimit: 8 }),
    ).toBe(
      'Starts in about 3 h, when 2 grants end: gpu-prod has 2 H100 GPUs free and you asked for 4.',
    );
  });

  it('counts grants ending at the same instant together', () => {
    const at = inHours(1);
    const estimate = estimateStart({
      now,
      count: 2,
      quota: { limit: 2, used: 2 },
      freeNow: 0,
      releases: [
        { at, count: 1, quota: true, capacity: false },
        { at, count: 1, quota: false, capacity: true },
        { at, count: 1, quota: true, capacity: true },
      ],
    });
    expect(estimate).toMatchObject({
      outcome: 'later',
      startsAt: at,
      binding: 'quota-and-capacity',
      waitsFor: 3,
    });
  });

  it('never fits more than the whole quota', () => {
    const estimate = estimateStart({
      now,
      count: 10,
      quota: { limit: 8, used: 0 },
      freeNow: 100,
      releases: [],
    });
    expect(estimate.outcome).toBe('over-quota');
    expect(
      describeStartEstimate(estimate, { ...context, count: 10, quotaLimit: 8 }),
    ).toBe(
      "Cannot start: you asked for 10 H100 GPUs and your team's whole quota is 8; ask for at most 8, or for a larger quota.",
    );
    expect(
      describeStartEstimate(
        estimateStart({
          now,
          count: 1,
          quota: { limit: 0, used: 0 },
          freeNow: 1,
          releases: [],
        }),
        { ...context, count: 1, quotaLimit: 0 },
      ),
    ).toBe(
      'Cannot start: your team has no quota for H100 GPUs; ask a platform admin for one.',
    );
  });

  it('cannot say when capacity is held by workloads with no end', () => {
    const estimate = estimateStart({
      now,
      count: 4,
      quota: { limit: 8, used: 0 },
      freeNow: 1,
      releases: [{ at: inHours(1), count: 1, quota: false, capacity: true }],
    });
    expect(estimate).toEqual({
      outcome: 'unknown',
      binding: 'capacity',
      quotaLeft: 8,
      freeNow: 1,
    });
  });

  it('answers the earliest instant at which both constraints hold (any releases)', () => {
    const release = fc.record({
      hours: fc.integer({ min: 0, max: 48 }),
      count: fc.integer({ min: 0, max: 4 }),
      quota: fc.boolean(),
      capacity: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 8 }),
        fc.array(release, { maxLength: 12 }),
        (count, limit, used, freeNow, raw) => {
          const releases: UnitRelease[] = raw.map(r => ({
            at: inHours(r.hours),
            count: r.count,
            quota: r.quota,
            capacity: r.capacity,
          }));
          // Independently: try every instant in order, summing what ended by then.
          const fitsAt = (t: number) => {
            const ended = releases.filter(r => r.at.getTime() <= t);
            const quotaLeft =
              Math.max(0, limit - used) +
              ended.filter(r => r.quota).reduce((s, r) => s + r.count, 0);
            const free =
              freeNow +
              ended.filter(r => r.capacity).reduce((s, r) => s + r.count, 0);
            return quotaLeft >= count && free >= count;
          };
          const instants = [
            now.getTime(),
            ...releases.map(r => r.at.getTime()),
          ].sort((a, b) => a - b);
          const first = instants.find(fitsAt);
          const estimate = estimateStart({
            now,
            count,
            quota: { limit, used },
            freeNow,
            releases,
          });
          expect(outcomeOf(estimate)).toEqual(
            expectedOutcome({
              count,
              limit,
              first,
              fitsBeforeNow: fitsAt(now.getTime() - 1),
            }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
