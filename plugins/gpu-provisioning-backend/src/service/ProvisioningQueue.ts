import { LoggerService } from '@backstage/backend-plugin-api';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantLifecycle } from './types';

/** Grants applied at once; more wait their turn, so a burst cannot flood a cluster's API. */
const DEFAULT_CONCURRENCY = 16;

/**
 * Applies approved requests right after they are recorded, behind the
 * answer: a request's 201 says its quota is reserved and it is `approved`,
 * and it becomes `active` once its objects are on the cluster (the portal
 * polls it). A few grants are applied at a time. Nothing is lost when this
 * process stops midway: a request not yet claimed is still `approved`, and
 * one claimed is given back when its claim runs out; the lifecycle loop
 * provisions both.
 */
export class ProvisioningQueue {
  private readonly waiting: GpuRequest[] = [];
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  static create(options: {
    lifecycle: Pick<GrantLifecycle, 'provision'>;
    logger: LoggerService;
    concurrency?: number;
  }): ProvisioningQueue {
    return new ProvisioningQueue(
      options.lifecycle,
      options.logger,
      options.concurrency ?? DEFAULT_CONCURRENCY,
    );
  }

  private constructor(
    private readonly lifecycle: Pick<GrantLifecycle, 'provision'>,
    private readonly logger: LoggerService,
    private readonly concurrency: number,
  ) {}

  /** Queues an approved request for provisioning; returns at once. */
  enqueue(request: GpuRequest): void {
    this.waiting.push(request);
    this.drain();
  }

  /** Resolves once everything queued so far has been attempted (shutdown, tests). */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  private drain(): void {
    while (this.running < this.concurrency && this.waiting.length) {
      const request = this.waiting.shift()!;
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
