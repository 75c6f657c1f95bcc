import { InputError } from '@backstage/errors';
import { gpuRequestInputSchema } from '@ai-platform/plugin-gpu-provisioning-common';
import { z } from 'zod';
import { MAX_BOOKING_DAYS } from './parseStartAt';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The query of `GET /calendar`, with the form's messages per field. */
export const calendarQuerySchema = z
  .object({
    cluster: gpuRequestInputSchema.shape.cluster,
    gpuClass: gpuRequestInputSchema.shape.gpuClass,
    migProfile: gpuRequestInputSchema.shape.migProfile,
    from: z.iso
      .datetime({
        offset: true,
        error: 'must be an ISO 8601 date and time, e.g. 2026-12-04T09:00:00Z',
      })
      .optional(),
    days: z
      .preprocess(
        value =>
          typeof value === 'string' && /^\d{1,3}$/.test(value)
            ? Number(value)
            : value,
        z
          .number({ error: 'must be a number' })
          .int('must be a whole number of days')
          .min(1, 'must be at least 1')
          .max(MAX_BOOKING_DAYS, `must be at most ${MAX_BOOKING_DAYS}`),
      )
      .optional(),
  })
  .strict();

export type CalendarQuery = z.infer<typeof calendarQuerySchema>;

/**
 * The hours a calendar covers: from the start of `from`'s hour (this hour
 * when absent) for `days` days (7 when absent). `from` may be at most
 * {@link MAX_BOOKING_DAYS} days away from now, either way.
 */
export function calendarWindow(
  query: Pick<CalendarQuery, 'from' | 'days'>,
  now: Date,
): { from: number; to: number } {
  const asked = query.from ? Date.parse(query.from) : now.getTime();
  if (Math.abs(asked - now.getTime()) > MAX_BOOKING_DAYS * DAY_MS) {
    throw new InputError(
      `from: must be within ${MAX_BOOKING_DAYS} days of now`,
    );
  }
  const from = Math.floor(asked / HOUR_MS) * HOUR_MS;
  return { from, to: from + (query.days ?? 7) * DAY_MS };
}
