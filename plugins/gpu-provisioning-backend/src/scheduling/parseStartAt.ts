import { InputError } from '@backstage/errors';
import { MAX_BOOKING_DAYS } from '@ai-platform/plugin-gpu-provisioning-common';

export { MAX_BOOKING_DAYS };

const DAY_MS = 86_400_000;
/** A date and time with a zone offset, e.g. 2026-12-04T09:00:00Z. */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A request's `startAt`: absent (start now), or a date and time in the
 * future and within {@link MAX_BOOKING_DAYS} days, as an ISO string in UTC.
 */
export function parseStartAt(value: unknown, now: Date): string | undefined {
  if (value === undefined) return undefined;
  const at =
    typeof value === 'string' && ISO_DATE_TIME.test(value)
      ? Date.parse(value)
      : NaN;
  if (Number.isNaN(at)) {
    throw new InputError(
      'startAt: must be an ISO 8601 date and time with a zone, e.g. 2026-12-04T09:00:00Z',
    );
  }
  if (at <= now.getTime()) {
    throw new InputError(
      'startAt: must be in the future; leave it out to start now',
    );
  }
  const latest = new Date(now.getTime() + MAX_BOOKING_DAYS * DAY_MS);
  if (at > latest.getTime()) {
    throw new InputError(
      `startAt: must be within ${MAX_BOOKING_DAYS} days, by ${latest.toISOString()}`,
    );
  }
  return new Date(at).toISOString();
}
