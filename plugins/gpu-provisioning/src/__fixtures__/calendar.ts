import { Calendar } from '../components/CapacityCalendar/useCalendar';

const HOUR_MS = 3_600_000;

/**
 * A calendar of a100 on gpu-a from the hour of `from`, `days` long: the
 * cluster has `capacity`, ml-platform a quota of `teamLimit`; `booked(i)` and
 * `teamBooked(i)` say what is held in the i-th hour.
 */
export function makeCalendar(options: {
  from: number;
  days?: number;
  capacity?: number;
  teamLimit?: number;
  booked?: (hour: number) => number;
  teamBooked?: (hour: number) => number;
}): Calendar {
  const {
    days = 14,
    capacity = 8,
    teamLimit = 4,
    booked = () => 0,
    teamBooked = () => 0,
  } = options;
  const first = Math.floor(options.from / HOUR_MS) * HOUR_MS;
  const starts = Array.from({ length: days * 24 }, (_, i) => ({
    i,
    start: new Date(first + i * HOUR_MS).toISOString(),
  }));
  return {
    cluster: 'gpu-a',
    gpuClass: 'a100',
    from: starts[0].start,
    to: new Date(first + days * 24 * HOUR_MS).toISOString(),
    capacity,
    hours: starts.map(({ i, start }) => ({
      start,
      booked: booked(i),
      free: Math.max(0, capacity - booked(i)),
    })),
    teams: [
      {
        team: 'group:default/ml-platform',
        limit: teamLimit,
        hours: starts.map(({ i, start }) => ({
          start,
          booked: teamBooked(i),
          free: Math.max(0, teamLimit - teamBooked(i)),
        })),
      },
    ],
  };
}

/** A `fetch` that answers the calendar route with `calendar` and records the URLs. */
export function calendarFetch(calendar: Calendar | (() => Response)) {
  return jest.fn(async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.includes('/calendar')) {
      return new Response('{}', { status: 404 });
    }
    return typeof calendar === 'function'
      ? calendar()
      : new Response(JSON.stringify(calendar), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
  });
}
