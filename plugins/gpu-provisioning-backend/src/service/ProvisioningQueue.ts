import { LoggerService } from '@backstage/backend-plugin-api';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { EventLoopLoad, LoopLoad } from './EventLoopLoad';
import { GrantLifecycle } from './types';

/** Grants applied at once; more wait their turn, so a burst cannot flood a cluster's API. */
const DEFAULT_CONCURRENCY = 16;
/** Grants applied at once while the event loop is busy answering requests. */
const DEFAULT_BUSY_CONCURRENCY = 2;
/** Event-loop utilisation above which the loop counts as busy. */
const BUSY_UTILISATION = 0.75;
/** How soon a queue held back by a busy loop looks again. */
const RECHECK_MS = 50;
/** How long a grant waits at most for the answers being computed. */
const DEFAULT_HOLD_MS = 500;

/**
 * Applies approved requests right after they are recorded, behind the
 * answer: a request's 201 says its quota is reserved and it is `approved`,
 * and it becomes `active` once its objects are on the cluster (the portal
 * polls it). A few grants are applied at a time. Nothing is lost when this
 * process stops midway: a request not yet claimed is still `approved`, and
 * one claimed is given back when its claim runs out; the lifecycle loop
 * provisions both.
 *
 * Applying a grant costs this process CPU (its Kubernetes calls and
 * writes), and it shares one event loop with the answers to requests. So
 * while that loop is busy, only `busyConcurrency` grants are applied at a
 * time: a burst of new grants then delays its own activation by a little,
 * rather than every answer behind it (issue 16: the first seconds of a load
 * with 220 new grants).
 *
 * The loop's utilisation is read over windows of a quarter second, so it
 * says a burst has begun only after the answers to it are under way. The
 * answers to GPU requests are counted ({@link ProvisioningQueue.answer}):
 * while any is being computed, a grant waits for them, for at most `holdMs`.
 * People wait for answers; a grant's activation is polled (issue 16: in a
 * burst of 200 requests, activating its 50 grants beside the answers took
 * about a quarter of the answers' CPU).
 */
export class ProvisioningQueue {
  private readonly waiting: Array<{ request: GpuRequest; since: number }> = [];
  private running = 0;
  private answering = 0;
  private idleWaiters: Array<() => void> = [];
  private recheck?: NodeJS.Timeout;

  static create(options: {
    lifecycle: Pick<GrantLifecycle, 'provision'>;
    logger: LoggerService;
    /** At most this many at once. Default 16. */
    concurrency?: number;
    /** At most this many at once while the event loop is busy. Default 2. */
    busyConcurrency?: number;
    /** How busy the process is; default its event loop's utilisation. */
    load?: LoopLoad;
    /** How long a grant waits at most for answers in progress. Default 500 ms. */
    holdMs?: number;
    /** The clock, in milliseconds, for tests. */
    now?: () => number;
  }): ProvisioningQueue {
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    return new ProvisioningQueue(
      options.lifecycle,
      options.logger,
      concurrency,
      Math.max(
        1,
        Math.min(
          concurrency,
          options.busyConcurrency ?? DEFAULT_BUSY_CONCURRENCY,
        ),
      ),
      options.load ?? new EventLoopLoad(),
      options.holdMs ?? DEFAULT_HOLD_MS,
      options.now ?? Date.now,
    );
  }

  private constructor(
    private readonly lifecycle: Pick<GrantLifecycle, 'provision'>,
    private readonly logger: LoggerService,
    private readonly concurrency: number,
    private readonly busyConcurrency: number,
    private readonly load: LoopLoad,
    private readonly holdMs: number,
    private readonly now: () => number,
  ) {}

  /** Queues an approved request for provisioning; returns at once. */
  enqueue(request: GpuRequest): void {
    this.waiting.push({ request, since: this.now() });
    this.drain();
  }

  /**
   * Computes an answer to someone waiting for it: until it settles, queued
   * grants wait (each for at most `holdMs`).
   */
  async answer<T>(compute: () => Promise<T>): Promise<T> {
    this.answering++;
    try {
      return await compute();
    } finally {
      this.answering--;
      if (this.answering === 0) this.drain();
    }
  }

  /** Resolves once everything queued so far has been attempted (shutdown, tests). */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  private limit(): number {
    return this.load.utilisation() > BUSY_UTILISATION
      ? this.busyConcurrency
      : this.concurrency;
  }

  /** Whether the first grant waiting may start now, and if not, in how long. */
  private holdFor(): number {
    if (this.answering === 0 || !this.waiting.length) return 0;
    return Math.max(0, this.waiting[0].since + this.holdMs - this.now());
  }

  private drain(): void {
    const limit = this.limit();
    const hold = this.holdFor();
    if ((this.running >= limit || hold > 0) && this.waiting.length) {
      // The slots held back by a busy loop open when it calms down, even if
      // nothing running finishes before then; a grant held for the answers
      // starts when its hold ends.
      this.scheduleRecheck(hold > 0 ? hold : RECHECK_MS);
    }
    while (this.running < limit && this.waiting.length && !this.holdFor()) {
      const { request } = this.waiting.shift()!;
      this.running++;
      this.provision(request).finally(() => {
        this.running--;
        this.drain();
        if (this.running === 0 && this.waiting.length === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          waiters.forEach(resolve => resolve());
        }
      });
    }
  }

  private scheduleRecheck(ms: number): void {
    if (this.recheck) return;
    this.recheck = setTimeout(() => {
      this.recheck = undefined;
      this.drain();
    }, ms);
  }

  private async provision(request: GpuRequest): Promise<void> {
    try {
      await this.lifecycle.provision(request);
    } catch (error) {
      this.logger.warn('Provisioning failed; the lifecycle loop retries it', {
        requestId: request.id,
        error: String(error),
      });
    }
  }
}
