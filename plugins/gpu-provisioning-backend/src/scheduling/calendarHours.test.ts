import { calendarHours } from './calendarHours';
import { calendarWindow } from './calendarQuery';

const HOUR = 3_600_000;
const t0 = Date.parse('2026-12-04T00:00:00.000Z');

describe('calendarHours', () => {
  it('books each hour at the peak held in it, against the limit', () => {
    const hours = calendarHours(
      [
        { start: t0 + HOUR, end: t0 + 3 * HOUR, count: 4 },
        { start: t0 + 2.5 * HOUR, end: t0 + 4 * HOUR, count: 3 },
        { start: -Infinity, end: Infinity, count: 1 },
      ],
      { from: t0, to: t0 + 5 * HOUR },
      6,
    );
    expect(hours.map(h => [h.booked, h.free])).toEqual([
      [1, 5],
      [5, 1],
      [8, 0],
      [4, 2],
      [1, 5],
    ]);
    expect(hours[0].start).toBe('2026-12-04T00:00:00.000Z');
  });
});

describe('calendarWindow', () => {
  const now = new Date('2026-12-03T12:34:56.000Z');

  it('starts at the hour and lasts the days asked, 7 by default', () => {
    expect(calendarWindow({}, now)).toEqual({
      from: Date.parse('2026-12-03T12:00:00.000Z'),
      to: Date.parse('2026-12-10T12:00:00.000Z'),
    });
    expect(
      calendarWindow({ from: '2026-12-05T09:30:00+01:00', days: 1 }, now),
    ).toEqual({
      from: Date.parse('2026-12-05T08:00:00.000Z'),
      to: Date.parse('2026-12-06T08:00:00.000Z'),
    });
  });

  it('refuses a start more than 14 days away, naming the field', () => {
    expect(() => calendarWindow({ from: '2027-01-01T00:00:00Z' }, now)).toThrow(
      'from: must be within 14 days of now',
    );
  });
});
