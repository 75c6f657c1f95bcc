import fc from 'fast-check';
import { formatNanos } from '@ai-platform/plugin-ai-platform-common';
import { nanosToAmount, nanosToNumber } from './nanosToAmount';

describe('nanosToAmount', () => {
  it.each([
    [259171520000000n, 259171.52],
    [300000000n, 0.3],
    [-1000001000n, -1.000001],
    [637721n, 0.000638],
    [-499n, 0],
    [12345678910000000000n, 12345678910],
    [9223372036854775807n, 9223372036.854776],
  ])('gives %p nano-units as %p', (nanos, amount) => {
    expect(nanosToAmount(nanos)).toBe(amount);
  });
});

describe('nanosToNumber', () => {
  it('is the double its exact decimal text parses to, below and past 2^53', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n }), nanos => {
        expect(nanosToNumber(nanos)).toBe(Number(formatNanos(nanos)));
        expect(nanosToAmount(nanos)).toBe(
          Number(formatNanos(nanos, { maxDecimals: 6 })),
        );
      }),
    );
    expect(nanosToNumber(259171520000000n)).toBe(259171.52);
    expect(nanosToNumber(637721n)).toBe(0.000637721);
  });
});
