import {
  GpuRequest,
  MAX_BOOKING_DAYS,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  formatTimeLeft,
  formatWeekdayTime,
} from '@ai-platform/plugin-ai-platform-react';

/**
 * Reservations: a request may start later, within the backend's booking
 * horizon. Times are shown in the user's zone and sent in UTC.
 */

/** How far ahead a window may be booked: the API's own limit. */
export { MAX_BOOKING_DAYS };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The user's time zone, e.g. `Europe/Berlin`, to say which clock times are in. */
export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A `datetime-local` input's value (`2026-12-04T09:00`) for an instant, in local time. */
export function toLocalInputValue(at: number | string | Date): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

/**
 * The first whole minute at or after an instant, as ISO: the start input has
 * minute precision, and a booking from when a grant ends must not begin
 * inside it.
 */
export function nextWholeMinute(at: string): string {
  return new Date(Math.ceil(Date.parse(at) / 60_000) * 60_000).toISOString();
}

/** The instant of a `datetime-local` value (read as local time); NaN when unreadable. */
export function fromLocalInputValue(value: string): number {
  // `new Date('2026-12-04T09:00')` is local time by the spec; anything else
  // (a zone, seconds noise) is refused rather than guessed.
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)
    ? new Date(value).getTime()
    : NaN;
}

/** Why a start time cannot be booked, or undefined when it can. */
export function startAtErrorOf(value: string, now: number): string | undefined {
  if (!value) return 'is required to start later';
  const at = fromLocalInputValue(value);
  if (Number.isNaN(at)) return 'must be a date and time';
  if (at <= now) return 'must be in the future; choose “Now” to start now';
  if (at > now + MAX_BOOKING_DAYS * DAY_MS) {
    return `must be within ${MAX_BOOKING_DAYS} days, by ${formatWeekdayTime(
      now + MAX_BOOKING_DAYS * DAY_MS,
    )}`;
  }
  return undefined;
}

/** A window in the user's zone: `Tue, 8 Dec, 09:00 – 17:00` or across days in full. */
export function formatWindow(
  startAt: string | number,
  end: string | number,
): string {
  const from = new Date(startAt);
  const to = new Date(end);
  const sameDay = from.toDateString() === to.toDateString();
  const endText = sameDay
    ? to.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : formatWeekdayTime(to);
  return `${formatWeekdayTime(from)} – ${endText}`;
}

/** The window a request books, from its start for its duration. */
export function windowOf(request: {
  startAt?: string;
  durationHours: number;
  expiresAt?: string;
}): string | undefined {
  if (!request.startAt) return undefined;
  const end =
    request.expiresAt ??
    Date.parse(request.startAt) + request.durationHours * HOUR_MS;
  return formatWindow(request.startAt, end);
}

/** Whether a request waits for a booked window that has not started yet. */
export function isScheduled(
  request: Pick<GpuRequest, 'startAt' | 'status'>,
  now: number,
): boolean {
  return (
    Boolean(request.startAt) &&
    Date.parse(request.startAt!) > now &&
    (request.status === 'approved' || request.status === 'pending-approval')
  );
}

/** `starts in 2 d 4 h (Tue, 8 Dec, 09:00)`. */
export function formatStartsIn(startAt: string, now: number): string {
  return `starts in ${formatTimeLeft(startAt, now)} (${formatWeekdayTime(
    startAt,
  )})`;
}
