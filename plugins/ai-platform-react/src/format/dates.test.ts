import { formatDate, formatDateTime, formatWeekdayTime } from './dates';

describe('date formatters', () => {
  const instant = '2026-11-22T14:00:00Z';

  it('formats an instant given as ISO string, milliseconds or Date alike', () => {
    const text = formatDateTime(instant);
    expect(text).toMatch(/22 Nov 2026/);
    expect(formatDateTime(Date.parse(instant))).toBe(text);
    expect(formatDateTime(new Date(instant))).toBe(text);
  });

  it('formats a day', () => {
    expect(formatDate('2026-11-22T12:00:00Z')).toBe('22 Nov 2026');
  });

  it('formats a near instant with its weekday', () => {
    expect(formatWeekdayTime(instant)).toMatch(/Nov/);
  });

  it.each([undefined, null, '', 'not a date'])('shows a dash for %p', value => {
    expect(formatDateTime(value)).toBe('—');
    expect(formatDate(value)).toBe('—');
    expect(formatWeekdayTime(value)).toBe('—');
  });
});
