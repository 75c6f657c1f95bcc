import { makeCalendar } from '../../__fixtures__/calendar';
import { teamQuotaThrough } from './teamQuotaThrough';

const HOUR_MS = 3_600_000;
const TEAM = 'group:default/ml-platform';

describe('teamQuotaThrough', () => {
  const from = Date.UTC(2026, 11, 4, 10);
  const calendar = makeCalendar({
    from,
    days: 1,
    teamLimit: 8,
    teamBooked: i => (i === 5 ? 6 : 1),
  });

  it('is the least free in any hour the window touches, partly touched hours included', () => {
    expect(
      teamQuotaThrough(calendar, TEAM, {
        fromMs: from + 30 * 60_000,
        toMs: from + 5 * HOUR_MS + 1,
      }),
    ).toEqual({ free: 2, limit: 8 });
    expect(
      teamQuotaThrough(calendar, TEAM, {
        fromMs: from,
        toMs: from + 5 * HOUR_MS,
      }),
    ).toEqual({ free: 7, limit: 8 });
  });

  it('compares the team case-insensitively', () => {
    expect(
      teamQuotaThrough(calendar, 'Group:Default/ML-Platform', {
        fromMs: from,
        toMs: from + HOUR_MS,
      }),
    ).toEqual({ free: 7, limit: 8 });
  });

  it('is unknown for another team, an empty window or one past the calendar', () => {
    const hour = { fromMs: from, toMs: from + HOUR_MS };
    expect(
      teamQuotaThrough(calendar, 'group:default/other', hour),
    ).toBeUndefined();
    expect(
      teamQuotaThrough(calendar, TEAM, { fromMs: from, toMs: from }),
    ).toBeUndefined();
    expect(
      teamQuotaThrough(calendar, TEAM, {
        fromMs: from + 20 * HOUR_MS,
        toMs: from + 30 * HOUR_MS,
      }),
    ).toBeUndefined();
    expect(
      teamQuotaThrough(calendar, TEAM, {
        fromMs: from - HOUR_MS,
        toMs: from + HOUR_MS,
      }),
    ).toBeUndefined();
  });
});
