/**
 * "Will it start, and when": the earliest instant at which a request fits
 * both its team's quota and the cluster's free capacity, from what holds
 * them now and when each holder gives its units back.
 */

/** Units a grant gives back when it ends: to its team's quota, the cluster's free capacity, or both. */
export interface UnitRelease {
  at: Date;
  /** When the grant became active, where known: how early it may end scales from here. */
  since?: Date;
  count: number;
  /** The grant holds the asking team's quota for this GPU class. */
  quota: boolean;
  /** The grant holds units of this GPU class on the asked cluster. */
  capacity: boolean;
}

/**
 * A reserved window that has not started: it takes units over
 * `[start, end)` from the asking team's quota, the cluster's capacity, or both.
 */
export interface UnitBooking {
  start: Date;
  end: Date;
  count: number;
  quota: boolean;
  capacity: boolean;
}

export interface StartEstimateInput {
  now: Date;
  /** GPUs or MIG instances asked for. */
  count: number;
  /** How long the request would hold them; without it only its start must fit. */
  durationHours?: number;
  /** The team's quota for this class or MIG profile, across clusters. */
  quota: { limit: number; used: number };
  /** Units of this class or MIG profile free on the cluster now. */
  freeNow: number;
  /** When known holders end (grants with an expiry), any order. */
  releases: UnitRelease[];
  /** Reserved windows that have not started, any order. */
  bookings?: UnitBooking[];
}

/** What binds a request that cannot start now. */
export type StartBinding = 'quota' | 'capacity' | 'quota-and-capacity';

export type StartEstimate =
  | { outcome: 'now'; quotaLeft: number; freeNow: number }
  | {
      outcome: 'later';
      startsAt: Date;
      binding: StartBinding;
      quotaLeft: number;
      freeNow: number;
      /** Grants that must end before it fits (those ending up to startsAt and counted). */
      waitsFor: number;
      /**
       * When starting now fits at first but runs into reserved windows: the
       * first instant it would not fit, what is short then, and the
       * reservations holding units at that instant.
       */
      booked?: { from: Date; what: StartBinding; reservations: number };
    }
  | {
      /** More than the team's whole quota: it never fits. */
      outcome: 'over-quota';
      quotaLeft: number;
      freeNow: number;
    }
  | {
      /** Does not fit even after every known grant ends: capacity held by others. */
      outcome: 'unknown';
      binding: StartBinding;
      quotaLeft: number;
      freeNow: number;
    };

function bindingOf(quotaShort: boolean, capacityShort: boolean): StartBinding {
  if (quotaShort && capacityShort) return 'quota-and-capacity';
  return quotaShort ? 'quota' : 'capacity';
}

const HOUR_MS = 3_600_000;

type Available = { quota: number; free: number };

/** What is short of `count` at instant `at`: `available` less the bookings holding units then. */
function shortAt(
  count: number,
  available: Available,
  bookings: UnitBooking[],
  at: number,
) {
  const holding = bookings.filter(
    b => b.start.getTime() <= at && at < b.end.getTime(),
  );
  const held = (what: 'quota' | 'capacity') =>
    holding.filter(b => b[what]).reduce((sum, b) => sum + b.count, 0);
  return {
    quota: available.quota - held('quota') < count,
    capacity: available.free - held('capacity') < count,
    reservations: holding.length,
  };
}

/**
 * Whether `count` units fit over `[start, start + windowMs)`: at `start`
 * with `atStart` available, and where a booking starts inside the window
 * (only there does availability drop) with what grants ending by then give
 * back (`availableBy`).
 */
function checkWindow(options: {
  count: number;
  atStart: Available;
  availableBy: (at: number) => Available;
  bookings: UnitBooking[];
  start: number;
  windowMs: number;
}) {
  const { count, bookings, start, windowMs } = options;
  const instants = [
    start,
    ...bookings
      .map(b => b.start.getTime())
      .filter(t => t > start && t < start + windowMs),
  ].sort((a, b) => a - b);
  let quotaShort = false;
  let capacityShort = false;
  let first: { at: number; what: StartBinding; reservations: number } | null =
    null;
  for (const at of instants) {
    const available = at === start ? options.atStart : options.availableBy(at);
    const short = shortAt(count, available, bookings, at);
    if (!short.quota && !short.capacity) continue;
    quotaShort ||= short.quota;
    capacityShort ||= short.capacity;
    first ??= {
      at,
      what: bindingOf(short.quota, short.capacity),
      reservations: short.reservations,
    };
  }
  return { fits: first === null, quotaShort, capacityShort, first };
}

/**
 * Walks the releases and the ends of reserved windows in time order and
 * answers with the first instant from which the quota left and the free
 * capacity hold `count` for the whole duration, beside the reserved
 * windows that start in it.
 */
export function estimateStart(input: StartEstimateInput): StartEstimate {
  const { count, quota, freeNow } = input;
  const quotaLeftNow = Math.max(0, quota.limit - quota.used);
  if (count > quota.limit) {
    return { outcome: 'over-quota', quotaLeft: quotaLeftNow, freeNow };
  }
  const nowMs = input.now.getTime();
  const windowMs = (input.durationHours ?? 0) * HOUR_MS;
  const bookings = (input.bookings ?? []).filter(
    b => b.count > 0 && (b.quota || b.capacity) && b.end.getTime() > nowMs,
  );
  const releases = input.releases.filter(
    r => r.count > 0 && (r.quota || r.capacity),
  );
  const availableBy = (at: number): Available => {
    const ended = releases.filter(r => r.at.getTime() <= at);
    const sum = (what: 'quota' | 'capacity') =>
      ended.filter(r => r[what]).reduce((total, r) => total + r.count, 0);
    return {
      quota: quotaLeftNow + sum('quota'),
      free: freeNow + sum('capacity'),
    };
  };
  const window = { count, availableBy, bookings, windowMs };
  // "Now" is before any grant ends, even one ending at this very instant.
  const atNow = checkWindow({
    ...window,
    atStart: { quota: quotaLeftNow, free: freeNow },
    start: nowMs,
  });
  if (atNow.fits) {
    return { outcome: 'now', quotaLeft: quotaLeftNow, freeNow };
  }
  const binding = bindingOf(atNow.quotaShort, atNow.capacityShort);
  const booked =
    atNow.first && atNow.first.at > nowMs
      ? {
          from: new Date(atNow.first.at),
          what: atNow.first.what,
          reservations: atNow.first.reservations,
        }
      : undefined;
  // Units only come back where a grant or a reserved window ends.
  const instants = [
    ...new Set([
      ...releases.map(r => r.at.getTime()),
      ...bookings.map(b => b.end.getTime()),
    ]),
  ].sort((a, b) => a - b);
  for (const instant of instants) {
    const start = Math.max(instant, nowMs);
    const check = checkWindow({
      ...window,
      atStart: availableBy(instant),
      start,
    });
    if (check.fits) {
      return {
        outcome: 'later',
        startsAt: new Date(start),
        binding,
        quotaLeft: quotaLeftNow,
        freeNow,
        waitsFor:
          releases.filter(r => r.at.getTime() <= instant).length +
          bookings.filter(b => b.end.getTime() <= instant).length,
        ...(booked ? { booked } : {}),
      };
    }
  }
  return { outcome: 'unknown', binding, quotaLeft: quotaLeftNow, freeNow };
}
