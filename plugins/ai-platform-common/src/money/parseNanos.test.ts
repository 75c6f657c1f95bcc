import fc from 'fast-check';
import { parseNanos } from './parseNanos';

describe('parseNanos', () => {
  it.each([
    ['0', '0'],
    ['-0.0', '0'],
    ['12', '12000000000'],
    ['12.5', '12500000000'],
    ['-12.5', '-12500000000'],
    ['+0.000000001', '1'],
    ['.5', '500000000'],
    ['7.', '7000000000'],
    ['259171.52', '259171520000000'],
    ['0.00063772120', '637721'],
    ['0.0000000005', '1'],
    ['0.00000000049', '0'],
    ['-0.0000000005', '-1'],
    ['0.9999999995', '1000000000'],
    ['1e3', '1000000000000'],
    ['1.5E-3', '1500000'],
    ['-2.5e-10', '0'],
    ['9223372036.854775807', '9223372036854775807'],
    ['-9223372036.854775807', '-9223372036854775807'],
    ['0e999999999', '0'],
    ['1e-999999999', '0'],
  ])('reads %p as %p nano-units', (text, nanos) => {
    expect(parseNanos(text)).toBe(nanos);
  });

  it.each([
    '',
    '.',
    'abc',
    '1,5',
    '1e',
    '--1',
    '9223372036.854775808',
    '1e10',
    '1e999999999',
  ])('refuses %p', text => {
    expect(parseNanos(text)).toBeNull();
  });

  it('agrees with exact decimal arithmetic on any amount of up to 12 decimals', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 12 }),
        (units, decimals) => {
          const scale = 10n ** BigInt(decimals);
          const abs = units < 0n ? -units : units;
          const text = `${units < 0n ? '-' : ''}${abs / scale}${
            decimals ? `.${String(abs % scale).padStart(decimals, '0')}` : ''
          }`;
          // Independently: scale to 10⁻⁹ and round half away from zero.
          let nanos: bigint;
          if (decimals <= 9) nanos = abs * 10n ** BigInt(9 - decimals);
          else {
            const drop = 10n ** BigInt(decimals - 9);
            nanos = (abs + drop / 2n) / drop;
          }
          if (units < 0n) nanos = -nanos;
          const expected =
            nanos > 9223372036854775807n || nanos < -9223372036854775807n
              ? null
              : String(nanos);
          expect(parseNanos(text)).toBe(expected);
        },
      ),
    );
  });
});
