import { retryDelayMs } from './retryBackoff';

const MINUTE = 60_000;

describe('retryDelayMs', () => {
  it.each([
    [0, 0],
    [1, MINUTE / 2],
    [2, MINUTE],
    [3, 2 * MINUTE],
    [6, 16 * MINUTE],
    [7, 30 * MINUTE],
    [40, 30 * MINUTE],
  ])('after %p failures waits %p ms', (failures, delay) => {
    expect(retryDelayMs(failures)).toBe(delay);
  });
});
