// Sending GPU requests to the backend's HTTP API: on a fixed schedule (open
// loop), all at once (burst) or a fixed number in flight (closed loop).
import { System } from './system';

/** A team's quota on one quota key, and where its class lives. */
export interface Bucket {
  team: string;
  cluster: string;
  gpuClass: string;
  migProfile?: string;
  quota: number;
  /** Default `internal`; `confidential` grants get a NetworkPolicy too. */
  dataClassification?: 'internal' | 'confidential';
}

export const quotaKeyOf = (b: { gpuClass: string; migProfile?: string }) =>
  b.migProfile ? `${b.gpuClass}/${b.migProfile}` : b.gpuClass;

/** One answer: the status (0 when no answer came) and ms from the scheduled send. */
export interface Sample {
  status: number;
  ms: number;
  id?: string;
  sentAt: number;
  /** The error message of an answer other than 201 or 409, to say what failed. */
  error?: string;
  /** The request's status in the answer, and when the answer came (epoch ms). */
  answerStatus?: string;
  answeredAt: number;
}

/**
 * Ask as the portal's form does: answered once decided, applied behind the
 * answer (backends before that header answer after applying either way).
 * BENCH_GPU_RESPOND_ASYNC=0 measures the answer that waits for the cluster.
 */
export const RESPOND_ASYNC = process.env.BENCH_GPU_RESPOND_ASYNC !== '0';

/** POSTs one request for one GPU (or MIG instance) of `bucket`, for 8 hours. */
export async function submit(
  system: System,
  bucket: Bucket,
  scheduledAt: number,
): Promise<Sample> {
  const sentAt = Date.now();
  try {
    const res = await system.gpuRequests.createRequest(
      {
        header: RESPOND_ASYNC ? { Prefer: 'respond-async' } : {},
        body: {
          team: bucket.team,
          cluster: bucket.cluster,
          gpuClass: bucket.gpuClass,
          ...(bucket.migProfile ? { migProfile: bucket.migProfile } : {}),
          count: 1,
          durationHours: 8,
          purpose: 'training',
          dataClassification: bucket.dataClassification ?? 'internal',
          justification: 'benchmark of GPU request decisions',
        },
      },
      { token: system.token },
    );
    const body: any = await res.json().catch(() => undefined);
    return {
      status: res.status,
      ms: performance.now() - scheduledAt,
      id: res.status === 201 ? body?.id : undefined,
      sentAt,
      answerStatus: body?.status,
      answeredAt: Date.now(),
      ...(res.status !== 201 && res.status !== 409
        ? { error: String(body?.error?.message ?? res.statusText) }
        : {}),
    };
  } catch {
    return {
      status: 0,
      ms: performance.now() - scheduledAt,
      sentAt,
      answeredAt: Date.now(),
    };
  }
}

/**
 * Open loop: request i is sent at start + i × interval whatever the answers
 * so far, round-robin over the buckets; latency counts from the scheduled time,
 * so a backend that falls behind shows it.
 */
export async function openLoop(
  system: System,
  buckets: Bucket[],
  options: { perSecond: number; seconds: number },
): Promise<{ samples: Sample[]; maxLagMs: number }> {
  const interval = 1000 / options.perSecond;
  const total = Math.round(options.perSecond * options.seconds);
  const pending: Array<Promise<Sample>> = [];
  const start = performance.now() + 50;
  let maxLagMs = 0;
  for (let i = 0; i < total; i++) {
    const at = start + i * interval;
    const wait = at - performance.now();
    if (wait > 1) await new Promise(r => setTimeout(r, wait));
    // How late the sender itself was (its own event loop), reported apart.
    maxLagMs = Math.max(maxLagMs, performance.now() - at);
    pending.push(submit(system, buckets[i % buckets.length], at));
    if (i % (options.perSecond * 10) === 0) {
      process.stderr.write(`  sent ${i}/${total}\n`);
    }
  }
  return { samples: await Promise.all(pending), maxLagMs };
}

/** All at once: `count` requests started in the same tick. */
export async function burst(
  system: System,
  bucket: Bucket,
  count: number,
): Promise<Sample[]> {
  const at = performance.now();
  return Promise.all(
    Array.from({ length: count }, () => submit(system, bucket, at)),
  );
}

/** Closed loop: `total` requests with `concurrency` in flight, latency from each send. */
export async function closedLoop(
  system: System,
  bucket: Bucket,
  options: {
    total: number;
    concurrency: number;
    onAnswer?: (sample: Sample) => void;
  },
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.total) {
        next++;
        const sample = await submit(system, bucket, performance.now());
        options.onAnswer?.(sample);
        samples.push(sample);
      }
    }),
  );
  return samples;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** p50/p95/p99 (ms) and counts by answer; p95 needs at least 100 samples. */
export function summarize(samples: Sample[]) {
  const ms = samples.map(s => s.ms).sort((a, b) => a - b);
  const count = (pred: (s: number) => boolean) =>
    samples.filter(s => pred(s.status)).length;
  const pct = (p: number) =>
    ms.length >= 100 ? Math.round(percentile(ms, p)) : null;
  return {
    requests: samples.length,
    created201: count(s => s === 201),
    conflict409: count(s => s === 409),
    serverError5xx: count(s => s >= 500),
    noAnswer: count(s => s === 0),
    other: count(s => s !== 201 && s !== 409 && s < 500 && s !== 0),
    otherStatuses: [
      ...new Set(
        samples
          .map(s => s.status)
          .filter(s => s !== 201 && s !== 409 && s !== 0),
      ),
    ],
    serverErrorMessages: [
      ...new Set(
        samples.flatMap(s =>
          s.status >= 500 && s.error ? [s.error.slice(0, 200)] : [],
        ),
      ),
    ].slice(0, 5),
    p50Ms: pct(50),
    p95Ms: pct(95),
    p99Ms: pct(99),
    maxMs: ms.length ? Math.round(ms[ms.length - 1]) : null,
  };
}

/**
 * p95 per `windowSeconds` of the load, by send time: shows whether a tail
 * comes from the first seconds (the grants being applied while quotas fill)
 * or from all along. A window with fewer than 100 answers prints null.
 */
export function p95ByWindow(samples: Sample[], windowSeconds: number) {
  if (samples.length === 0) return [];
  const first = Math.min(...samples.map(s => s.sentAt));
  const windows = new Map<number, number[]>();
  for (const s of samples) {
    const index = Math.floor((s.sentAt - first) / (windowSeconds * 1000));
    const window = windows.get(index) ?? [];
    window.push(s.ms);
    windows.set(index, window);
  }
  return [...windows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, ms]) => {
      ms.sort((a, b) => a - b);
      return {
        fromSecond: index * windowSeconds,
        requests: ms.length,
        p95Ms: ms.length >= 100 ? Math.round(percentile(ms, 95)) : null,
      };
    });
}

/** The same figures for one status (e.g. only the 409s). */
export function summarizeStatus(samples: Sample[], status: number) {
  const ms = samples
    .filter(s => s.status === status)
    .map(s => s.ms)
    .sort((a, b) => a - b);
  return {
    samples: ms.length,
    p50Ms: ms.length >= 100 ? Math.round(percentile(ms, 50)) : null,
    p95Ms: ms.length >= 100 ? Math.round(percentile(ms, 95)) : null,
  };
}
