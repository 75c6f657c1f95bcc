/**
 * Amounts are integers of 10⁻⁹ of their currency (nano-units): the scale of
 * BigQuery's NUMERIC and of ClickHouse's Decimal(38, 9) that billing
 * warehouses use, fine enough for cloud prices (AWS and Azure write 10 to 11
 * decimals) and wide enough in a signed 64-bit integer for 9.2 billion of a
 * currency.
 *
 * @public
 */
export const NANO_DIGITS = 9;

const PARTS = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const INT64_MAX = '9223372036854775807';

/**
 * A decimal (`12.5`, `-0.00000000012`, `1.2e3`, as FOCUS files, config and
 * JSON numbers' `String()` write them) as an integer of nano-units in decimal
 * text, read digit by digit so no binary float ever holds the amount (text
 * binds exactly to a bigint column on SQLite and PostgreSQL; `BigInt()` of it
 * is exact). Digits past the ninth decimal are rounded half away from zero.
 *
 * @returns null when the text is not a decimal or the amount does not fit a
 * signed 64-bit integer of nano-units.
 * @public
 */
export function parseNanos(text: string): string | null {
  const m = PARTS.exec(text);
  if (!m) return null;
  const [, sign, whole = '', fraction = '', exponent = '0'] = m;
  if (whole === '' && fraction === '') return null;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  if (exponent.length > 6) {
    // Beyond any amount, or so small it rounds to zero.
    return exponent.startsWith('-') ? '0' : null;
  }
  const shift = Number(exponent) - fraction.length + NANO_DIGITS;
  let nanos: string;
  if (shift >= 0) {
    if (digits.length + shift > INT64_MAX.length) return null;
    nanos = `${digits}${'0'.repeat(shift)}`;
  } else {
    const keep = digits.length + shift;
    if (keep > INT64_MAX.length) return null;
    const kept = keep > 0 ? digits.slice(0, keep) : '0';
    const roundUp = keep >= 0 && digits.charCodeAt(keep) >= 53; // '5'
    nanos = roundUp ? increment(kept) : kept;
  }
  if (
    nanos.length > INT64_MAX.length ||
    (nanos.length === INT64_MAX.length && nanos > INT64_MAX)
  ) {
    return null;
  }
  return sign === '-' && nanos !== '0' ? `-${nanos}` : nanos;
}

/** A string of decimal digits plus one. */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${String.fromCharCode(
    digits.charCodeAt(i) + 1,
  )}${'0'.repeat(digits.length - i - 1)}`;
}
