/**
 * A recorded day of GPU requests for one class on one cluster, generated
 * from a seed so every run replays the same day: who asks when, for how
 * many and how long, and what each grant then does (ends on time, is
 * released early, or is extended).
 */

const MINUTE = 60_000;

/** What a grant did once it ran, decided when it was recorded. */
export type GrantFate =
  | { kind: 'on-time' }
  /** Released after this share of its duration. */
  | { kind: 'released-early'; share: number }
  /** Extended by these hours, half an hour before it would have ended. */
  | { kind: 'extended'; hours: number };

export interface RecordedArrival {
  /** Minutes after the day's start. */
  minute: number;
  team: string;
  count: number;
  durationHours: number;
  fate: GrantFate;
}

/** mulberry32: a small seeded PRNG, so the day is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface RecordedDayOptions {
  seed: number;
  /** Arrivals per team over the day. */
  arrivals: Record<string, number>;
  /** Share of grants released early, and of those left, extended (0 for an exact day). */
  earlyShare: number;
  extendShare: number;
}

/** The day's arrivals in time order (ties kept in generation order). */
export function recordedDay(options: RecordedDayOptions): RecordedArrival[] {
  const random = seededRandom(options.seed);
  const between = (low: number, high: number) =>
    low + Math.floor(random() * (high - low + 1));
  const arrivals: RecordedArrival[] = [];
  for (const [team, total] of Object.entries(options.arrivals)) {
    for (let i = 0; i < total; i++) {
      const minute = between(0, 20 * 60);
      const count = between(1, 4);
      const durationHours = between(1, 5);
      // Every draw is made whatever the shares, so the exact and the noisy
      // day have the same arrivals and differ only in what grants do.
      const fateDraw = random();
      const share = 0.2 + 0.7 * random();
      const hours = between(1, 3);
      let fate: GrantFate = { kind: 'on-time' };
      if (fateDraw < options.earlyShare) {
        fate = { kind: 'released-early', share };
      } else if (fateDraw < options.earlyShare + options.extendShare) {
        fate = { kind: 'extended', hours };
      }
      arrivals.push({ minute, team, count, durationHours, fate });
    }
  }
  return arrivals.sort((a, b) => a.minute - b.minute);
}

export { MINUTE };
