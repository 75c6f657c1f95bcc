import { GpuHolder } from '../topology/types';
import { loadCurve } from '../dcgm/loadCurve';
import { SAMPLE_PERIOD_MS, hashKey, seededNoise } from '../dcgm/seededNoise';
import { LogNormal, logNormal } from './logNormal';

/** A latency histogram as two request populations: uncongested and congested. */
export interface LatencyMix {
  normal: LogNormal;
  congested: LogNormal;
  /** Observations per finished request (1, or the tokens after the first). */
  perRequest: number;
}

/** Cumulative request counts at some instant, split by congestion. */
export interface RequestCounts {
  /** Finished requests since the server started. */
  total: number;
  /** The part of `total` served while the server was congested. */
  congested: number;
}

/** The simulated state of one vLLM server over time. */
export interface VllmServerModel {
  promptTokensPerRequest: number;
  generationTokensPerRequest: number;
  prefixHitRate: number;
  ttft: LatencyMix;
  itl: LatencyMix;
  e2e: LatencyMix;
  /** Cumulative request counts at `t` (ms); 0 before the pod started. */
  requests(t: number): RequestCounts;
  /** Requests being decoded at `t`. */
  running(t: number): number;
  /** Requests queued at `t` (only near saturation). */
  waiting(t: number): number;
  /** Share of the KV cache in use at `t`. */
  kvCacheUsage(t: number): number;
}

const MAX_NUM_SEQS = 256;

/**
 * The vLLM server of an inference pod. Its request rate follows the same
 * load curve as the pod's GPUs (the curve is keyed by the pod), and every
 * counter is a closed-form integral of that curve, so values are
 * deterministic, monotonic and O(1) to compute at any time. The congested
 * share of requests grows with load², which moves latency percentiles up at
 * the daily peak.
 */
export function vllmServerModel(
  holder: GpuHolder,
  seed: number,
): VllmServerModel {
  const key = hashKey(seed, holder.namespace, holder.pod);
  const curve = loadCurve(holder.profile, key);
  const sinceMs = holder.since.getTime();
  const maxRequestsPerSecond = 4 + 8 * seededNoise(key, 201, 0);
  const promptTokensPerRequest = Math.round(
    600 + 900 * seededNoise(key, 202, 0),
  );
  const generationTokensPerRequest = Math.round(
    150 + 250 * seededNoise(key, 203, 0),
  );
  const kvCapacityTokens = 120_000 + 200_000 * seededNoise(key, 205, 0);
  const ttft = {
    normal: logNormal(0.08, 0.6),
    congested: logNormal(0.6, 0.8),
    perRequest: 1,
  };
  const itl = {
    normal: logNormal(0.025, 0.3),
    congested: logNormal(0.06, 0.4),
    perRequest: generationTokensPerRequest - 1,
  };
  const e2e = {
    normal: logNormal(4, 0.7),
    congested: logNormal(9, 0.8),
    perRequest: 1,
  };
  const level = (t: number) => (t >= sinceMs ? curve.level(t) : 0);
  const running = (t: number) => {
    const l = level(t);
    const meanLatency = (1 - l) * e2e.normal.mean + l * e2e.congested.mean;
    const jitter =
      0.85 + 0.3 * seededNoise(key, 206, Math.floor(t / SAMPLE_PERIOD_MS));
    return Math.min(
      MAX_NUM_SEQS,
      Math.round(maxRequestsPerSecond * l * meanLatency * jitter),
    );
  };
  return {
    promptTokensPerRequest,
    generationTokensPerRequest,
    prefixHitRate: 0.3 + 0.3 * seededNoise(key, 204, 0),
    ttft,
    itl,
    e2e,
    requests: t => {
      if (t <= sinceMs) {
        return { total: 0, congested: 0 };
      }
      // level in [0, 1] per ms, so rate·∫level/1000 requests.
      const perMs = maxRequestsPerSecond / 1000;
      return {
        total: perMs * curve.integral(sinceMs, t),
        congested: perMs * curve.integralOfSquare(sinceMs, t),
      };
    },
    running,
    waiting: t => {
      const l = level(t);
      if (l <= 0.75) {
        return 0;
      }
      const noise = seededNoise(key, 207, Math.floor(t / SAMPLE_PERIOD_MS));
      return Math.round((l - 0.75) * 80 * noise);
    },
    kvCacheUsage: t => {
      const tokensPerSequence =
        promptTokensPerRequest + generationTokensPerRequest / 2;
      return Math.min(1, (running(t) * tokensPerSequence) / kvCapacityTokens);
    },
  };
}
