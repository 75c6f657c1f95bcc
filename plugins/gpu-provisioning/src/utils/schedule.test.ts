import { formatWeekdayTime } from '@ai-platform/plugin-ai-platform-react';
import {
  formatStartsIn,
  formatWindow,
  fromLocalInputValue,
  isScheduled,
  startAtErrorOf,
  toLocalInputValue,
  windowOf,
} from './schedule';

const NOW = new Date(2026, 11, 3, 10, 30).getTime();

describe('schedule', () => {
  it('round-trips a datetime-local value in local time', () => {
    const at = new Date(2026, 11, 4, 9, 0);
    expect(toLocalInputValue(at)).toBe('2026-12-04T09:00');
    expect(fromLocalInputValue('2026-12-04T09:00')).toBe(at.getTime());
    expect(fromLocalInputValue('2026-12-04T09:00Z')).toBeNaN();
  });

  it.each([
    ['', 'is required to start later'],
    ['tomorrow', 'must be a date and time'],
    ['2026-12-03T10:00', 'must be in the future; choose “Now” to start now'],
    ['2026-12-20T10:00', expect.stringMatching(/^must be within 14 days, by /)],
  ])('refuses %p', (value, message) => {
    expect(startAtErrorOf(value, NOW)).toEqual(message);
  });

  it.each(['2026-12-03T11:00', '2026-12-17T10:00'])('accepts %p', value => {
    expect(startAtErrorOf(value, NOW)).toBeUndefined();
  });

  it('formats a window, shortening the end on the same day', () => {
    const start = new Date(2026, 11, 8, 9).getTime();
    const sameDay = formatWindow(start, start + 8 * 3_600_000);
    const time = (at: number) =>
      new Date(at).toLocaleTimeString(undefined, {
        hour: '2-digit',
        minute: '2-digit',
      });
    expect(sameDay).toBe(
      `${formatWeekdayTime(start)} – ${time(start + 8 * 3_600_000)}`,
    );
    const end = start + 30 * 3_600_000;
    expect(formatWindow(start, end)).toBe(
      `${formatWeekdayTime(start)} – ${formatWeekdayTime(end)}`,
    );
    expect(
      windowOf({ startAt: new Date(start).toISOString(), durationHours: 8 }),
    ).toBe(sameDay);
    expect(windowOf({ durationHours: 8 })).toBeUndefined();
  });

  it('tells a scheduled request from a started or ended one', () => {
    const future = new Date(NOW + 3_600_000).toISOString();
    const past = new Date(NOW - 3_600_000).toISOString();
    expect(isScheduled({ startAt: future, status: 'approved' }, NOW)).toBe(
      true,
    );
    expect(
      isScheduled({ startAt: future, status: 'pending-approval' }, NOW),
    ).toBe(true);
    expect(isScheduled({ startAt: past, status: 'approved' }, NOW)).toBe(false);
    expect(isScheduled({ startAt: future, status: 'released' }, NOW)).toBe(
      false,
    );
    expect(isScheduled({ status: 'approved' }, NOW)).toBe(false);
    expect(formatStartsIn(future, NOW)).toBe(
      `starts in 1 h (${formatWeekdayTime(future)})`,
    );
  });
});
