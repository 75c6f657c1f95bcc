import { WorkloadProfile } from '../topology/types';
import { seededNoise } from './seededNoise';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_HOURS = 168;
const WEEK_MS = WEEK_HOURS * HOUR_MS;
const OMEGA = (2 * Math.PI) / DAY_MS;
/** Inference traffic peaks at 14:00 UTC and bottoms out at 02:00 UTC. */
const INFERENCE_PEAK_MS = 14 * HOUR_MS;
/** Notebook bursts happen on weekdays between these UTC hours. */
const WORK_START_HOUR = 8;
const WORK_END_HOUR = 18;
/** Notebook activity outside bursts (kernel idle, the odd cell run). */
const NOTEBOOK_BASE = 0.015;

/**
 * The mean load of a workload over time, in [0, 1], with closed-form
 * integrals so cumulative counters (energy, tokens, requests) cost O(1) at
 * any time instead of a sum over all past samples.
 */
export interface LoadCurve {
  /** Mean load at `t` (ms since the epoch). */
  level(t: number): number;
  /** The integral of `level` over [t0, t1], in load·ms. */
  integral(t0: number, t1: number): number;
  /** The integral of `level²` over [t0, t1], for load-dependent mixtures. */
  integralOfSquare(t0: number, t1: number): number;
}

function constantCurve(value: number): LoadCurve {
  return {
    level: () => value,
    integral: (t0, t1) => value * (t1 - t0),
    integralOfSquare: (t0, t1) => value * value * (t1 - t0),
  };
}

/** The daily cycle's phase at t, reduced to one day first to keep precision. */
function phase(t: number): number {
  const shifted = t - INFERENCE_PEAK_MS;
  return OMEGA * (((shifted % DAY_MS) + DAY_MS) % DAY_MS);
}

/** level = a + b·cos(phase): `hi` at the peak hour, `lo` twelve hours later. */
function inferenceCurve(lo: number, hi: number): LoadCurve {
  const a = (hi + lo) / 2;
  const b = (hi - lo) / 2;
  // Integrals over whole days are exact multiples; handle the remainder with
  // the antiderivative so large spans stay precise.
  const sinDelta = (t0: number, t1: number, k: number) =>
    Math.sin(k * phase(t1)) - Math.sin(k * phase(t0));
  return {
    level: t => a + b * Math.cos(phase(t)),
    integral: (t0, t1) => a * (t1 - t0) + (b / OMEGA) * sinDelta(t0, t1, 1),
    integralOfSquare: (t0, t1) =>
      (a * a + (b * b) / 2) * (t1 - t0) +
      ((2 * a * b) / OMEGA) * sinDelta(t0, t1, 1) +
      ((b * b) / (4 * OMEGA)) * sinDelta(t0, t1, 2),
  };
}

interface Burst {
  startMs: number;
  endMs: number;
  load: number;
}

/**
 * Mostly idle, with at most one burst per working hour. The burst pattern
 * repeats weekly (it is drawn per hour of the week), which keeps integrals
 * O(1): whole weeks times the week's total, plus a prefix sum.
 */
function notebookCurve(key: number): LoadCurve {
  const bursts: (Burst | undefined)[] = [];
  // prefix[h]: burst integral of hours [0, h) of the week, for load and for
  // the extra of load² ((base + u)² - base²).
  const prefix1 = [0];
  const prefix2 = [0];
  for (let h = 0; h < WEEK_HOURS; h++) {
    // Epoch weeks start on a Thursday (day 4; 0 is Sunday).
    const weekday = (Math.floor(h / 24) + 4) % 7;
    const hourOfDay = h % 24;
    const working =
      weekday >= 1 &&
      weekday <= 5 &&
      hourOfDay >= WORK_START_HOUR &&
      hourOfDay < WORK_END_HOUR;
    let burst: Burst | undefined;
    if (working && seededNoise(key, 101, h) < 0.4) {
      const minutes = 5 + Math.floor(seededNoise(key, 102, h) * 26);
      const startMinute = Math.floor(seededNoise(key, 103, h) * (61 - minutes));
      burst = {
        startMs: startMinute * 60_000,
        endMs: (startMinute + minutes) * 60_000,
        load: 0.35 + 0.55 * seededNoise(key, 104, h),
      };
    }
    bursts.push(burst);
    const len = burst ? burst.endMs - burst.startMs : 0;
    const u = burst ? burst.load : 0;
    prefix1.push(prefix1[h] + u * len);
    prefix2.push(prefix2[h] + (2 * NOTEBOOK_BASE * u + u * u) * len);
  }

  const locate = (t: number) => {
    const hourIndex = Math.floor(t / HOUR_MS);
    const weekHour = ((hourIndex % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;
    return {
      weeks: Math.floor(t / WEEK_MS),
      weekHour,
      intoHour: t - hourIndex * HOUR_MS,
    };
  };
  // Cumulative burst integral since the epoch, of load (1) or of load² (2).
  const cumulative = (t: number, power: 1 | 2) => {
    const { weeks, weekHour, intoHour } = locate(t);
    const prefix = power === 1 ? prefix1 : prefix2;
    const burst = bursts[weekHour];
    let partial = 0;
    if (burst && intoHour > burst.startMs) {
      const u = burst.load;
      const weight = power === 1 ? u : 2 * NOTEBOOK_BASE * u + u * u;
      partial = weight * (Math.min(intoHour, burst.endMs) - burst.startMs);
    }
    return weeks * prefix[WEEK_HOURS] + prefix[weekHour] + partial;
  };

  return {
    level: t => {
      const { weekHour, intoHour } = locate(t);
      const burst = bursts[weekHour];
      const inBurst =
        burst !== undefined &&
        intoHour >= burst.startMs &&
        intoHour < burst.endMs;
      return NOTEBOOK_BASE + (inBurst ? burst.load : 0);
    },
    integral: (t0, t1) =>
      NOTEBOOK_BASE * (t1 - t0) + cumulative(t1, 1) - cumulative(t0, 1),
    integralOfSquare: (t0, t1) =>
      NOTEBOOK_BASE * NOTEBOOK_BASE * (t1 - t0) +
      cumulative(t1, 2) -
      cumulative(t0, 2),
  };
}

/**
 * The load curve of a workload profile. `key` identifies the workload (the
 * holding pod), so all GPUs of one pod, and its vLLM server, share one curve.
 */
export function loadCurve(profile: WorkloadProfile, key: number): LoadCurve {
  switch (profile) {
    case 'training':
      return constantCurve(0.95 + 0.01 * seededNoise(key, 1, 0));
    case 'inference':
      return inferenceCurve(
        0.06 + 0.06 * seededNoise(key, 2, 0),
        0.65 + 0.25 * seededNoise(key, 3, 0),
      );
    case 'notebook':
      return notebookCurve(key);
    case 'idle':
      return constantCurve(0);
    default:
      throw new Error(`Unknown workload profile ${String(profile)}`);
  }
}
