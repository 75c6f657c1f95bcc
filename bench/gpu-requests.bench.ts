/* eslint-disable no-console */
// GPU request decisions through the portal's HTTP API (issue 16), on the
// production build of the backend with the simulated fleet in a process of
// its own, once on SQLite and once on PostgreSQL (a fresh backend each):
// - load: an open loop of 200 requests/s for 60 s over four team quotas that
//   bind; p50/p95/p99 from each request's scheduled send to its 201/409;
// - burst: 200 requests at once for one team's class, p95 of every answer;
// - overcommit counted three ways per team: the quota ledger table, the sum
//   of granted requests, and the ResourceQuotas on the clusters.
// - warm-up first: the same open loop for BENCH_GPU_WARMUP_SECONDS (10) over
//   two other binding quotas, printed apart, so the measured minute is that
//   of a backend that has served requests before (its code compiled by the
//   JIT), as a deployed one has; the load's own grants stay in the minute.
// - on PostgreSQL, the connections the backend holds (pg_stat_activity, per
//   plugin): after start, at the peak of the run, and at rest
//   BENCH_GPU_REST_SECONDS (35) after it, once idle pools could close theirs.
// Prints one JSON line. BENCH_GPU_RPS, BENCH_GPU_SECONDS, BENCH_GPU_BURST and
// BENCH_GPU_ENGINES (sqlite,postgresql) shrink it for a quick run.
import {
  Bucket,
  burst,
  openLoop,
  p95ByWindow,
  quotaKeyOf,
  summarize,
  summarizeStatus,
} from './gpu-requests/load';
import { activation } from './gpu-requests/activation';
import { countThreeWays, settle, waitIdle } from './gpu-requests/overcommit';
import { gpuProvisioningConfig, runPerEngine } from './gpu-requests/setup';
import { processCpuMs } from './gpu-requests/processCpu';
import {
  backendConnections,
  watchPeakConnections,
} from './gpu-requests/postgresConnections';
import { Engine, sqliteJournalMode, startSystem } from './gpu-requests/system';

const PER_SECOND = Number(process.env.BENCH_GPU_RPS ?? 200);
const SECONDS = Number(process.env.BENCH_GPU_SECONDS ?? 60);
const BURST = Number(process.env.BENCH_GPU_BURST ?? 200);
const WARMUP_SECONDS = Number(process.env.BENCH_GPU_WARMUP_SECONDS ?? 10);
/** Longer than a pool's idle timeout (knex: 30 s). */
const REST_SECONDS = Number(process.env.BENCH_GPU_REST_SECONDS ?? 35);

/** The guest's two teams, two quota keys each, all binding within seconds. */
const LOAD_BUCKETS: Bucket[] = [
  {
    team: 'group:default/ml-platform',
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    quota: 40,
  },
  {
    team: 'group:default/ml-platform',
    cluster: 'gpu-dev',
    gpuClass: 'a100',
    quota: 60,
  },
  {
    team: 'group:default/conversational-ai',
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    migProfile: '1g.10gb',
    quota: 100,
  },
  {
    team: 'group:default/conversational-ai',
    cluster: 'gpu-dev',
    gpuClass: 'l40s',
    quota: 20,
  },
];
/** The warm-up's quotas: other team and class pairs, binding within a second. */
const WARMUP_BUCKETS: Bucket[] = [
  {
    team: 'group:default/ml-platform',
    cluster: 'gpu-dev',
    gpuClass: 'l40s',
    quota: 10,
  },
  {
    team: 'group:default/conversational-ai',
    cluster: 'gpu-dev',
    gpuClass: 'a100',
    quota: 10,
  },
];
/** The burst's class, untouched by the load. */
const BURST_BUCKET: Bucket = {
  team: 'group:default/conversational-ai',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  migProfile: '3g.40gb',
  quota: 50,
};

async function measure(engine: Engine) {
  const system = await startSystem(
    engine,
    gpuProvisioningConfig([...WARMUP_BUCKETS, ...LOAD_BUCKETS, BURST_BUCKET]),
  );
  let peakWatch: ReturnType<typeof watchPeakConnections> | undefined;
  try {
    const onPostgres = engine !== 'sqlite';
    const afterStart = onPostgres
      ? await backendConnections(system)
      : undefined;
    peakWatch = onPostgres ? watchPeakConnections(system) : undefined;
    let warmUp: ReturnType<typeof summarize> | undefined;
    if (WARMUP_SECONDS > 0) {
      console.error(
        `${engine}: warm-up, ${PER_SECOND}/s for ${WARMUP_SECONDS} s`,
      );
      const samples = await openLoop(system, WARMUP_BUCKETS, {
        perSecond: PER_SECOND,
        seconds: WARMUP_SECONDS,
      });
      warmUp = summarize(samples.samples);
      await waitIdle(system);
    }
    console.error(
      `${engine}: open loop, ${PER_SECOND}/s for ${SECONDS} s over ${LOAD_BUCKETS.length} quotas`,
    );
    const backendPid = system.backend.process.pid!;
    const cpuBefore = processCpuMs(backendPid);
    const loadStartedMs = Date.now();
    const load = await openLoop(system, LOAD_BUCKETS, {
      perSecond: PER_SECOND,
      seconds: SECONDS,
    });
    // Everything the backend did meanwhile (answers and the grants behind them).
    const backendCpuMs = processCpuMs(backendPid) - cpuBefore;
    console.error(`${engine}: waiting for the backend to go idle`);
    const idleStarted = Date.now();
    await waitIdle(system);
    const busyAfterLoadSeconds = Math.round((Date.now() - idleStarted) / 1000);
    console.error(`${engine}: burst of ${BURST}`);
    const burstStartedMs = Date.now();
    const burstSamples = await burst(system, BURST_BUCKET, BURST);
    console.error(`${engine}: waiting for grants to settle, then counting`);
    await settle(system);
    const counts = await countThreeWays(system, [
      ...WARMUP_BUCKETS,
      ...LOAD_BUCKETS,
      BURST_BUCKET,
    ]);
    const burstRow = counts.perTeam.find(
      r =>
        r.team === BURST_BUCKET.team && r.quotaKey === quotaKeyOf(BURST_BUCKET),
    )!;
    const loadActivation = await activation(
      system,
      LOAD_BUCKETS,
      loadStartedMs,
    );
    const burstActivation = await activation(
      system,
      [BURST_BUCKET],
      burstStartedMs,
    );
    const journalMode =
      system.sqliteFile && (await sqliteJournalMode(system.sqliteFile));
    let postgresConnections: object | undefined;
    if (afterStart && peakWatch) {
      const peak = await peakWatch.stop();
      console.error(
        `${engine}: ${REST_SECONDS} s at rest, then counting connections`,
      );
      await new Promise(r => setTimeout(r, REST_SECONDS * 1000));
      const atRest = await backendConnections(system);
      postgresConnections = {
        afterStart,
        peak,
        atRest: { afterSeconds: REST_SECONDS, ...atRest },
      };
    }
    await system.stop();
    return {
      ...(journalMode ? { sqliteJournalMode: journalMode } : {}),
      ...(postgresConnections ? { postgresConnections } : {}),
      ...(warmUp ? { warmUp: { seconds: WARMUP_SECONDS, ...warmUp } } : {}),
      load: {
        perSecond: PER_SECOND,
        seconds: SECONDS,
        ...summarize(load.samples),
        conflict409: summarizeStatus(load.samples, 409),
        p95By10Seconds: p95ByWindow(load.samples, 10),
        senderMaxLagMs: Math.round(load.maxLagMs),
        backendCpuMsPerRequest: Number(
          (backendCpuMs / load.samples.length).toFixed(2),
        ),
        busyAfterLoadSeconds,
        activation: loadActivation,
      },
      burst: {
        ...summarize(burstSamples),
        exactlyQuotaGranted:
          burstSamples.filter(s => s.status === 201).length ===
            BURST_BUCKET.quota && burstRow.granted === BURST_BUCKET.quota,
        activation: burstActivation,
      },
      overcommit: counts,
    };
  } catch (error) {
    await peakWatch?.stop().catch(() => undefined);
    await system.stop();
    throw error;
  }
}

runPerEngine('gpuRequests', measure).catch(error => {
  console.error(error);
  process.exit(1);
});
