import { InputError } from '@backstage/errors';
import { parseStartAt } from './parseStartAt';

describe('parseStartAt', () => {
  const now = new Date('2026-12-03T12:00:00.000Z');

  it('takes a future time within 14 days, in UTC', () => {
    expect(parseStartAt(undefined, now)).toBeUndefined();
    expect(parseStartAt('2026-12-04T10:30:00+01:00', now)).toBe(
      '2026-12-04T09:30:00.000Z',
    );
    expect(parseStartAt('2026-12-17T12:00:00Z', now)).toBe(
      '2026-12-17T12:00:00.000Z',
    );
  });

  it.each([
    ['tomorrow', 'startAt: must be an ISO 8601 date and time'],
    [1764763200000, 'startAt: must be an ISO 8601 date and time'],
    ['2026-12-04', 'startAt: must be an ISO 8601 date and time'],
    ['2026-12-04T09:00:00', 'startAt: must be an ISO 8601 date and time'],
    ['2026-13-40T09:00:00Z', 'startAt: must be an ISO 8601 date and time'],
    ['2026-12-03T12:00:00Z', 'startAt: must be in the future'],
    [
      '2026-12-17T12:00:01Z',
      'startAt: must be within 14 days, by 2026-12-17T12:00:00.000Z',
    ],
  ])('refuses %p naming the field', (value, message) => {
    expect(() => parseStartAt(value, now)).toThrow(InputError);
    expect(() => parseStartAt(value, now)).toThrow(message);
  });
});
