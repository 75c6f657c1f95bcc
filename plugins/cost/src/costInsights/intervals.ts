/**
 * An ISO 8601 repeating interval as Cost Insights uses it, such as
 * `R2/P30D/2020-09-01`: two periods of 30 days ending (exclusively) on
 * 1 September 2020.
 */
export interface RepeatingIntervals {
  /** The first day, `YYYY-MM-DD`, inclusive. */
  start: string;
  /** The day after the last, `YYYY-MM-DD`, exclusive. */
  end: string;
  /** Each period, oldest first, with inclusive start and exclusive end. */
  periods: Array<{ start: string; end: string }>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

interface Step {
  years: number;
  months: number;
  days: number;
}

function parseDate(text: string, intervals: string): Date {
  const date = new Date(`${text}T00:00:00Z`);
  if (
    !DATE.test(text) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== text
  ) {
    throw new Error(
      `intervals: '${intervals}' has an invalid date '${text}' (YYYY-MM-DD)`,
    );
  }
  return date;
}

function parseStep(text: string, intervals: string): Step {
  const match = DURATION.exec(text);
  if (!match || text === 'P') {
    throw new Error(
      `intervals: '${intervals}' has an invalid duration '${text}' (such as P30D or P3M)`,
    );
  }
  const [, y, m, w, d] = match.map(v => Number(v ?? 0));
  if (y + m + w + d === 0) {
    throw new Error(`intervals: '${intervals}' has an empty duration`);
  }
  return { years: y, months: m, days: w * 7 + d };
}

/** Moves a date by a step; months clamp to the month's last day, as luxon does. */
function shift(date: Date, step: Step, sign: 1 | -1): Date {
  const months =
    date.getUTCFullYear() * 12 +
    date.getUTCMonth() +
    sign * (step.years * 12 + step.months);
  const year = Math.floor(months / 12);
  const month = months - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day + sign * step.days));
}

/** A date as `YYYY-MM-DD`, in UTC. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Parses `R<n>/<duration>/<end>` (the form Cost Insights sends; the end is
 * exclusive) or `R<n>/<start>/<duration>`.
 */
export function parseIntervals(intervals: string): RepeatingIntervals {
  const parts = intervals.split('/');
  const repeat = /^R(\d+)$/.exec(parts[0] ?? '');
  if (parts.length !== 3 || !repeat || Number(repeat[1]) < 1) {
    throw new Error(
      `intervals: '${intervals}' is not an ISO 8601 repeating interval such as R2/P30D/2020-09-01`,
    );
  }
  const count = Number(repeat[1]);
  const endFirst = parts[1].startsWith('P');
  const step = parseStep(endFirst ? parts[1] : parts[2], intervals);
  const bounds: Date[] = [];
  if (endFirst) {
    let cursor = parseDate(parts[2], intervals);
    bounds.unshift(cursor);
    for (let i = 0; i < count; i++) {
      cursor = shift(cursor, step, -1);
      bounds.unshift(cursor);
    }
  } else {
    let cursor = parseDate(parts[1], intervals);
    bounds.push(cursor);
    for (let i = 0; i < count; i++) {
      cursor = shift(cursor, step, 1);
      bounds.push(cursor);
    }
  }
  const dates = bounds.map(isoDate);
  return {
    start: dates[0],
    end: dates[dates.length - 1],
    periods: dates.slice(1).map((end, i) => ({ start: dates[i], end })),
  };
}
