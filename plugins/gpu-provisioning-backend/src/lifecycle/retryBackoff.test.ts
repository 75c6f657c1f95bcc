import { isRetryDue, retryDelayMs } from './retryBackoff';

const MINUTE = 60_000;

describe('retryDelayMs', () => {
  it.each([
    [0, 0],
    [1, MINUTE],
    [2, 2 * MINUTE],
    [3, 4 * MINUTE],
    [5, 16 * MINUTE],
    [6, 30 * MINUTE],
    [40, 30 * MINUTE],
  ])('after %p failures waits %p ms', (failures, delay) => {
    expect(retryDelayMs(failures)).toBe(delay);
  });
});

describe('isRetryDue', () => {
  const updatedAt = '2026-03-02T08:00:00.000Z';
  const at = (ms: number) => new Date(Date.parse(updatedAt) + ms);

  it.each([
    ['a fresh request at once', undefined, undefined, 0, true],
    ['after one failure, not before a minute', 1, 'x', MINUTE - 1, false],
    ['after one failure, at a minute', 1, 'x', MINUTE, true],
    [
      'after three failures, not before four minutes',
      3,
      'x',
      4 * MINUTE - 1,
      false,
    ],
    ['after three failures, at four minutes', 3, 'x', 4 * MINUTE, true],
    [
      'an unknown count with an error as one failure',
      undefined,
      'x',
      MINUTE - 1,
      false,
    ],
  ])('%s', (_case, failures, lastError, elapsed, due) => {
    expect(
      isRetryDue({
        request: { updatedAt, lastError },
        failures,
        now: at(elapsed),
      }),
    ).toBe(due);
  });

  it('retries a request with an unreadable timestamp', () => {
    expect(
      isRetryDue({
        request: { updatedAt: 'yesterday', lastError: 'x' },
        failures: 4,
        now: new Date(),
      }),
    ).toBe(true);
  });
});
