import { heldShares, quantile, releasesAtQuantile } from './earlyRelease';
import { startRange } from './startRange';

const HOUR = 3_600_000;
const now = new Date('2026-12-04T12:00:00.000Z');
const at = (hours: number) => new Date(now.getTime() + hours * HOUR);

/** An ended grant booked for `booked` hours that held its GPUs `held` hours. */
const span = (booked: number, held: number) => ({
  activeSince: at(-100).toISOString(),
  expiresAt: at(-100 + booked).toISOString(),
  endedAt: at(-100 + held).toISOString(),
});

describe('heldShares', () => {
  it('gives the share of its booked time each ended grant held, sorted, capped at 1', () => {
    expect(
      heldShares([span(8, 8), span(8, 2), span(10, 5), span(4, 6), span(0, 1)]),
    ).toEqual([0.25, 0.5, 1, 1]);
  });
});

describe('quantile', () => {
  it('takes the nearest rank', () => {
    const sorted = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    expect(quantile(sorted, 0.25)).toBe(0.2);
    expect(quantile(sorted, 0.5)).toBe(0.4);
    expect(quantile(sorted, 1)).toBe(0.8);
    expect(quantile([0.9], 0.25)).toBe(0.9);
  });
});

describe('releasesAtQuantile', () => {
  it('ends each grant as past grants that ran longer than it so far did', () => {
    const shares = [0.25, 0.5, 0.75, 1];
    const releases = [
      // A quarter through 8 h: of the longer past grants (0.5, 0.75, 1), the median 0.75.
      { at: at(6), since: at(-2), count: 2, quota: true, capacity: true },
      // Three quarters through: only grants that ran to expiry ran longer.
      { at: at(2), since: at(-6), count: 1, quota: true, capacity: false },
      // Not active yet: counted from now, every past grant ran longer.
      { at: at(4), count: 1, quota: false, capacity: true },
    ];
    expect(
      releasesAtQuantile(releases, shares, 0.5, now).map(r => r.at),
    ).toEqual([at(4), at(2), at(2)]);
  });
});

describe('startRange', () => {
  // The team's 4 of 4 GPUs are held by one grant active 4 h ago, expiring in 4 h.
  const input = {
    now,
    count: 4,
    quota: { limit: 4, used: 4 },
    freeNow: 10,
    releases: [
      { at: at(4), since: at(-4), count: 4, quota: true, capacity: true },
    ],
  };

  it('has no range without enough history', () => {
    expect(startRange(input, at(4), [0.5, 0.5, 0.5, 0.5])).toBeUndefined();
  });

  it('narrows the start from how early past grants ended', () => {
    // Past grants held 60%, 70%, 75%, 80%, 90%, 100% of their booked time.
    const shares = [0.6, 0.7, 0.75, 0.8, 0.9, 1];
    expect(startRange(input, at(4), shares)).toEqual({
      // A quarter ended by 70%: 8 h × 0.7 from 4 h ago is 1.6 h from now.
      from: new Date(at(-4).getTime() + 0.7 * 8 * HOUR),
      // Half by 75%: 2 h from now.
      likely: at(2),
      to: at(4),
      basedOn: 6,
      medianShare: 0.75,
    });
  });

  it('keeps the expiry for a grant that has outlived every past one', () => {
    // Past grants held at most half their time; this one is half through.
    const range = startRange(input, at(4), [0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(range?.from).toEqual(at(4));
    expect(range?.likely).toEqual(at(4));
    expect(range?.to).toEqual(at(4));
  });
});
