import { InputError } from '@backstage/errors';
import { parseNanos } from '@ai-platform/plugin-ai-platform-common';

/**
 * A budget amount from a request (a JSON number, so the shortest decimal
 * text of a double: 1234.56 reads as exactly 1234.56) as nano-units, or an
 * `InputError` naming `amount` when it is not a positive amount that fits a
 * signed 64-bit integer of nano-units (about 9.2 billion).
 */
export function budgetAmountNanos(amount: number): bigint {
  const nanos = parseNanos(String(amount));
  if (nanos === null) {
    throw new InputError(
      'Invalid body: amount: must be at most 9223372036.854775807',
    );
  }
  const value = BigInt(nanos);
  if (value <= 0n) {
    throw new InputError('Invalid body: amount: must be at least 0.000000001');
  }
  return value;
}
