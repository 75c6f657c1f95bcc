import { InputError } from '@backstage/errors';

const UNIT_MS = {
  W: 7 * 24 * 3600_000,
  D: 24 * 3600_000,
  H: 3600_000,
  M: 60_000,
  S: 1000,
};

/**
 * Weeks, days, then (after `T`) hours, minutes and seconds, each a whole
 * number of at most six digits: a linear regex, no years or months (whose
 * length depends on the calendar).
 */
const ISO_DURATION =
  /^P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6})S)?)?$/;

/**
 * Milliseconds of an ISO 8601 duration such as `PT72H`, `P3D` or `P1DT12H`;
 * an `InputError` naming `field` for anything else, or for zero.
 */
export function parseIsoDuration(value: unknown, field: string): number {
  const match =
    typeof value === 'string' && value.length <= 40
      ? ISO_DURATION.exec(value)
      : null;
  if (!match || value === 'P' || (value as string).endsWith('T')) {
    throw new InputError(
      `${field}: must be an ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. PT72H or P3D`,
    );
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * UNIT_MS.W +
    Number(days ?? 0) * UNIT_MS.D +
    Number(hours ?? 0) * UNIT_MS.H +
    Number(minutes ?? 0) * UNIT_MS.M +
    Number(seconds ?? 0) * UNIT_MS.S;
  if (ms <= 0) {
    throw new InputError(`${field}: must be longer than zero`);
  }
  return ms;
}
