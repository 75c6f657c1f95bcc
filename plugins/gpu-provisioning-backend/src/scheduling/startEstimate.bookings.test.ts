import fc from 'fast-check';
import { describeStartEstimate } from './describeStartEstimate';
import { estimateStart, UnitBooking, UnitRelease } from './startEstimate';

const HOUR = 3_600_000;
const now = new Date('2026-12-03T12:00:00Z');
const inHours = (h: number) => new Date(now.getTime() + h * HOUR);
const context = {
  now,
  units: 'H100 GPUs',
  cluster: 'gpu-prod',
  requiresApproval: false,
  quotaLimit: 8,
};

describe('estimateStart beside reserved windows', () => {
  it("does not start now what would run into the team's reservation, and starts it when the reservation ends", () => {
    const booking: UnitBooking = {
      start: inHours(2),
      end: inHours(6),
      count: 6,
      quota: true,
      capacity: true,
    };
    const input = {
      now,
      count: 4,
      quota: { limit: 8, used: 0 },
      freeNow: 20,
      releases: [],
      bookings: [booking],
    };
    // Two hours end as the reservation starts: now.
    expect(estimateStart({ ...input, durationHours: 2 }).outcome).toBe('now');
    const estimate = estimateStart({ ...input, durationHours: 8 });
    expect(estimate).toEqual({
      outcome: 'later',
      startsAt: inHours(6),
      binding: 'quota',
      quotaLeft: 8,
      freeNow: 20,
      waitsFor: 1,
      booked: { from: inHours(2), what: 'quota', reservations: 1 },
    });
    expect(
      describeStartEstimate(estimate, {
        ...context,
        count: 4,
        durationHours: 8,
      }),
    ).toBe(
      "Starts in about 6 h, when 1 grant ends: your team's quota is booked by 1 reservation from about 2 h from now, so 4 H100 GPUs for 8 h do not fit before then.",
    );
  });

  it("waits for another team's reservation of the cluster when capacity binds", () => {
    const estimate = estimateStart({
      now,
      count: 4,
      durationHours: 4,
      quota: { limit: 8, used: 0 },
      freeNow: 6,
      releases: [],
      bookings: [
        {
          start: inHours(1),
          end: inHours(3),
          count: 4,
          quota: false,
          capacity: true,
        },
      ],
    });
    expect(estimate).toMatchObject({
      outcome: 'later',
      startsAt: inHours(3),
      binding: 'capacity',
      booked: { from: inHours(1), what: 'capacity', reservations: 1 },
    });
  });

  it('counts a grant that ends inside the window towards a reservation starting later in it', () => {
    // The grant gives 4 back at +2 h, as the reservation of 4 starts: it fits now.
    expect(
      estimateStart({
        now,
        count: 4,
        durationHours: 8,
        quota: { limit: 8, used: 4 },
        freeNow: 20,
        releases: [{ at: inHours(2), count: 4, quota: true, capacity: false }],
        bookings: [
          {
            start: inHours(2),
            end: inHours(4),
            count: 4,
            quota: true,
            capacity: false,
          },
        ],
      }).outcome,
    ).toBe('now');
  });

  it('answers the earliest whole hour from which the window fits at every instant (any releases and bookings)', () => {
    const release = fc.record({
      hours: fc.integer({ min: 0, max: 24 }),
      count: fc.integer({ min: 0, max: 4 }),
      quota: fc.boolean(),
      capacity: fc.boolean(),
    });
    const booking = fc.record({
      start: fc.integer({ min: 1, max: 24 }),
      length: fc.integer({ min: 1, max: 8 }),
      count: fc.integer({ min: 1, max: 5 }),
      quota: fc.boolean(),
      capacity: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 10 }),
        fc.array(release, { maxLength: 6 }),
        fc.array(booking, { maxLength: 6 }),
        (count, hours, limit, used, freeNow, rawReleases, rawBookings) => {
          const releases: UnitRelease[] = rawReleases.map(r => ({
            at: inHours(r.hours),
            count: r.count,
            quota: r.quota,
            capacity: r.capacity,
          }));
          const bookings: UnitBooking[] = rawBookings.map(b => ({
            start: inHours(b.start),
            end: inHours(b.start + b.length),
            count: b.count,
            quota: b.quota,
            capacity: b.capacity,
          }));
          // Independently, hour by hour (every event is on a whole hour).
          const availableAt = (h: number, withReleasesAtNow: boolean) => {
            const ended = releases.filter(
              r =>
                r.at.getTime() < inHours(h).getTime() ||
                (r.at.getTime() === inHours(h).getTime() &&
                  (h > 0 || withReleasesAtNow)),
            );
            const held = bookings.filter(
              b =>
                b.start.getTime() <= inHours(h).getTime() &&
                inHours(h).getTime() < b.end.getTime(),
            );
            const sum = (of: Array<{ count: number }>) =>
              of.reduce((s, x) => s + x.count, 0);
            return {
              quota:
                Math.max(0, limit - used) +
                sum(ended.filter(r => r.quota)) -
                sum(held.filter(b => b.quota)),
              free:
                freeNow +
                sum(ended.filter(r => r.capacity)) -
                sum(held.filter(b => b.capacity)),
            };
          };
          const fitsFrom = (t: number, withReleasesAtNow: boolean) => {
            for (let h = t; h < t + hours; h++) {
              const a = availableAt(h, withReleasesAtNow);
              if (a.quota < count || a.free < count) return false;
            }
            return true;
          };
          const estimate = estimateStart({
            now,
            count,
            durationHours: hours,
            quota: { limit, used },
            freeNow,
            releases,
            bookings,
          });
          const expected = () => {
            if (count > limit) return { outcome: 'over-quota' };
            if (fitsFrom(0, false)) return { outcome: 'now' };
            for (let t = 0; t <= 40; t++) {
              if (fitsFrom(t, true)) {
                return { outcome: 'later', startsAt: inHours(t) };
              }
            }
            return { outcome: 'unknown' };
          };
          expect({
            outcome: estimate.outcome,
            ...(estimate.outcome === 'later'
              ? { startsAt: estimate.startsAt }
              : {}),
          }).toEqual(expected());
        },
      ),
      { numRuns: 1000 },
    );
  });
});
