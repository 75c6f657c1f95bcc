/* eslint-disable no-console */
// GPU provisioning from submit to active (issue 16), through the portal's
// HTTP API on the production build, with the simulated fleet in a process of
// its own; once on SQLite and once on PostgreSQL (a fresh backend each).
// 1,000 requests at concurrency 50 under a quota that does not bind, until
// the database says every one is active; against the rate at which the same
// objects (read back from a grant the backend made) are server-side applied
// straight to the simulated API with client-node at the same concurrency,
// in the same run. Prints one JSON line with both rates and their ratio.
// BENCH_GPU_ACTIVE_N, BENCH_GPU_ACTIVE_CONCURRENCY and BENCH_GPU_ENGINES
// shrink it for a quick run.
import {
  Bucket,
  closedLoop,
  percentile,
  Sample,
  summarize,
} from './gpu-requests/load';
import { applyReference, readGrantObjects } from './gpu-requests/reference';
import { gpuProvisioningConfig, runPerEngine } from './gpu-requests/setup';
import {
  Engine,
  sqliteJournalMode,
  startSystem,
  System,
} from './gpu-requests/system';

const REQUESTS = Number(process.env.BENCH_GPU_ACTIVE_N ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_GPU_ACTIVE_CONCURRENCY ?? 50);

/** A quota far above what the run asks for. */
const BUCKET: Bucket = {
  team: 'group:default/ml-platform',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  quota: 1_000_000,
  // gpu-prod holds confidential data: its grants get all four objects.
  dataClassification: 'confidential',
};

/**
 * When each request was first seen active: in its own answer (the backend
 * applies an auto-approved grant before answering), else by polling the
 * database every 100 ms from the moment its answer said otherwise. The
 * stored `active_since` is not used: it is when provisioning began.
 */
class ActiveWatch {
  private readonly pending = new Set<string>();
  readonly activeAt = new Map<string, number>();
  private stopped = false;
  private failure: unknown;
  private readonly loop: Promise<void>;

  constructor(private readonly system: System) {
    // Kept until done(), so a failure stops the bench there, not the process here.
    this.loop = this.poll().catch(error => {
      this.failure = error;
    });
  }

  answered(sample: Sample) {
    if (!sample.id) return;
    if (sample.answerStatus === 'active') {
      this.activeAt.set(sample.id, sample.answeredAt);
    } else {
      this.pending.add(sample.id);
    }
  }

  private async poll() {
    const table = this.system.table('gpu_requests');
    while (!this.stopped || this.pending.size) {
      const ids = [...this.pending];
      for (let i = 0; i < ids.length; i += 500) {
        const rows: Array<{ id: string; status: string }> = await this.system
          .db(table)
          .whereIn('id', ids.slice(i, i + 500))
          .select('id', 'status');
        const now = Date.now();
        for (const row of rows) {
          if (row.status === 'active') {
            this.activeAt.set(row.id, now);
            this.pending.delete(row.id);
          } else if (['failed', 'rejected'].includes(row.status)) {
            throw new Error(`request ${row.id} ended ${row.status}`);
          }
        }
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }

  /** Resolves once every answered request is active (or fails after the timeout). */
  async done(timeoutMs = 600_000) {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.pending.size} requests not active`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.loop, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (this.failure) throw this.failure;
  }
}

async function measure(engine: Engine) {
  const system = await startSystem(engine, gpuProvisioningConfig([BUCKET]));
  try {
    // One grant made by the backend gives the objects the reference applies.
    const [first] = await closedLoop(system, BUCKET, {
      total: 1,
      concurrency: 1,
    });
    if (first.status !== 201) {
      throw new Error(
        `the template request answered ${first.status}: ${first.error}`,
      );
    }
    const firstWatch = new ActiveWatch(system);
    firstWatch.answered(first);
    await firstWatch.done();
    const { namespace } = await system
      .db(system.table('gpu_requests'))
      .where('id', first.id!)
      .first('namespace');
    const template = await readGrantObjects(
      system.kubeConfig,
      BUCKET.cluster,
      namespace,
    );

    // The reference first, so the backend applies to the fuller cluster.
    console.error(
      `${engine}: reference, ${REQUESTS} grants' objects at concurrency ${CONCURRENCY}`,
    );
    const reference = await applyReference(
      system.kubeConfig,
      BUCKET.cluster,
      template,
      {
        total: REQUESTS,
        concurrency: CONCURRENCY,
        prefix: `bench-ref-${engine}`,
      },
    );

    console.error(
      `${engine}: ${REQUESTS} requests at concurrency ${CONCURRENCY}`,
    );
    const watch = new ActiveWatch(system);
    const started = Date.now();
    const samples = await closedLoop(system, BUCKET, {
      total: REQUESTS,
      concurrency: CONCURRENCY,
      onAnswer: sample => watch.answered(sample),
    });
    const answers = summarize(samples);
    if (answers.created201 !== REQUESTS) {
      throw new Error(
        `only ${
          answers.created201
        } of ${REQUESTS} requests were created: ${JSON.stringify(answers)}`,
      );
    }
    await watch.done();
    const activeAt = watch.activeAt;
    const lastActive = Math.max(...activeAt.values());
    const toActive = samples
      .map(s => activeAt.get(s.id!)! - s.sentAt)
      .sort((a, b) => a - b);
    const seconds = (lastActive - started) / 1000;
    const perSecond = REQUESTS / seconds;
    const journalMode =
      system.sqliteFile && (await sqliteJournalMode(system.sqliteFile));
    await system.stop();
    return {
      ...(journalMode ? { sqliteJournalMode: journalMode } : {}),
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      activePerSecond: Number(perSecond.toFixed(1)),
      activeInAnswer: samples.filter(x => x.answerStatus === 'active').length,
      submitToActiveP50Ms: Math.round(percentile(toActive, 50)),
      submitToActiveP95Ms: Math.round(percentile(toActive, 95)),
      answerP50Ms: answers.p50Ms,
      answerP95Ms: answers.p95Ms,
      serverError5xx: answers.serverError5xx,
      reference,
      ratioToReference: Number(
        (perSecond / reference.grantsPerSecond).toFixed(2),
      ),
    };
  } catch (error) {
    await system.stop();
    throw error;
  }
}

runPerEngine('submitToActive', measure).catch(error => {
  console.error(error);
  process.exit(1);
});
