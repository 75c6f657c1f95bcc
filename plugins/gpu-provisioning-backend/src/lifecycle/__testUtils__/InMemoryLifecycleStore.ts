import {
  GpuRequest,
  GpuRequestStatus,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantClaim, LifecycleStore } from '../../types';
import { retryDelayMs } from '../retryBackoff';

const UNRECORDED_CLAIM_MS = 10 * 60_000;

/**
 * A `LifecycleStore` in memory for the lifecycle tests, with the semantics
 * the database store promises: `transition` is a compare and set (only from
 * one of `from`, else undefined), every change sets `updatedAt`, a failed
 * attempt makes the next due after `retryDelayMs`, claims run out unless
 * renewed by their owner, and `markExpiryWarned` is true only for the first
 * caller. Each call yields to the event loop first, so concurrent callers
 * interleave as they would against a database.
 */
export class InMemoryLifecycleStore implements LifecycleStore {
  private readonly requests = new Map<string, GpuRequest>();
  private readonly attempts = new Map<string, number>();
  private readonly warned = new Set<string>();
  private readonly startWarned = new Set<string>();
  private readonly nextAttemptAt = new Map<string, number>();
  /** Claims on requests being applied, by request id. */
  readonly claims = new Map<string, GrantClaim>();
  /** Every successful transition, in order. */
  readonly transitions: Array<{
    id: string;
    from: GpuRequestStatus;
    to: GpuRequestStatus;
  }> = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Puts requests in the store as they are. */
  add(...requests: GpuRequest[]): void {
    for (const r of requests) this.requests.set(r.id, { ...r });
  }

  /** A request as stored now, synchronously, for assertions. */
  peek(id: string): GpuRequest | undefined {
    const r = this.requests.get(id);
    return r && { ...r };
  }

  /** Failed attempts recorded for a request. */
  attemptsOf(id: string): number {
    return this.attempts.get(id) ?? 0;
  }

  /** Whether the owners were warned of the request's expiry. */
  wasWarned(id: string): boolean {
    return this.warned.has(id);
  }

  async get(id: string): Promise<GpuRequest | undefined> {
    await Promise.resolve();
    const request = this.requests.get(id);
    return request && { ...request };
  }

  async listByStatus(
    statuses: GpuRequestStatus[],
    options?: { dueBefore?: Date },
  ): Promise<GpuRequest[]> {
    await Promise.resolve();
    const startsBy = (r: GpuRequest, at: Date) => {
      const { startAt } = r;
      return (
        r.status !== 'approved' ||
        !startAt ||
        Date.parse(startAt) <= at.getTime()
      );
    };
    const due = (r: GpuRequest) =>
      !options?.dueBefore ||
      ((!['approved', 'provisioning'].includes(r.status) ||
        (this.nextAttemptAt.get(r.id) ?? 0) <= options.dueBefore.getTime()) &&
        startsBy(r, options.dueBefore));
    return [...this.requests.values()]
      .filter(r => statuses.includes(r.status) && due(r))
      .map(r => ({ ...r }));
  }

  async claim(
    id: string,
    claim: GrantClaim,
    namespace: string,
  ): Promise<GpuRequest | undefined> {
    const claimed = await this.transition(id, ['approved'], 'provisioning', {
      namespace,
    });
    if (claimed) this.claims.set(id, { ...claim });
    return claimed;
  }

  async renewClaim(id: string, claim: GrantClaim): Promise<boolean> {
    await Promise.resolve();
    const held = this.claims.get(id);
    if (this.requests.get(id)?.status !== 'provisioning') return false;
    if (held?.owner !== claim.owner) return false;
    this.claims.set(id, { ...claim });
    return true;
  }

  async listAbandoned(now: Date): Promise<GpuRequest[]> {
    await Promise.resolve();
    return [...this.requests.values()]
      .filter(r => {
        if (r.status !== 'provisioning') return false;
        const claim = this.claims.get(r.id);
        return claim
          ? claim.until.getTime() <= now.getTime()
          : Date.parse(r.updatedAt) + UNRECORDED_CLAIM_MS <= now.getTime();
      })
      .map(r => ({ ...r }));
  }

  async transition(
    id: string,
    from: GpuRequestStatus[],
    to: GpuRequestStatus,
    changes: Partial<
      Pick<
        GpuRequest,
        'namespace' | 'activeSince' | 'expiresAt' | 'endedAt' | 'lastError'
      >
    > = {},
  ): Promise<GpuRequest | undefined> {
    await Promise.resolve();
    const current = this.requests.get(id);
    if (!current || !from.includes(current.status)) return undefined;
    const next: GpuRequest = {
      ...current,
      ...changes,
      status: to,
      updatedAt: this.now().toISOString(),
    };
    this.requests.set(id, next);
    if (to !== 'provisioning') this.claims.delete(id);
    if (!['approved', 'provisioning'].includes(to)) {
      this.nextAttemptAt.delete(id);
    }
    this.transitions.push({ id, from: current.status, to });
    return { ...next };
  }

  async recordFailedAttempt(id: string, error: string): Promise<number> {
    await Promise.resolve();
    const attempts = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempts);
    this.nextAttemptAt.set(id, this.now().getTime() + retryDelayMs(attempts));
    const current = this.requests.get(id);
    if (current) {
      this.requests.set(id, {
        ...current,
        lastError: error,
        updatedAt: this.now().toISOString(),
      });
    }
    return attempts;
  }

  async markExpiryWarned(id: string): Promise<boolean> {
    await Promise.resolve();
    if (this.warned.has(id)) return false;
    this.warned.add(id);
    return true;
  }

  async markStartWarned(id: string): Promise<boolean> {
    await Promise.resolve();
    const request = this.requests.get(id);
    if (request?.status !== 'approved' || !request.startAt) return false;
    if (this.startWarned.has(id)) return false;
    this.startWarned.add(id);
    return true;
  }

  /** Whether the owners were told the reserved window starts soon. */
  wasStartWarned(id: string): boolean {
    return this.startWarned.has(id);
  }
}
