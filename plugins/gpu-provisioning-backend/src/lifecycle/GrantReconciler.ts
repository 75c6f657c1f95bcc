import { LoggerService, AuditorService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { durationToMilliseconds } from '@backstage/types';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import { GrantProvisioner, LifecycleStore, TeamInfoLookup } from '../types';
import { forEachConcurrently } from './forEachConcurrently';
import { GrantSteps, GrantStepsOptions } from './GrantSteps';
import { IdlePolicy } from '../idle/IdlePolicy';

/** What one pass of the loop did. */
export interface ReconcileSummary {
  /** Requests that became `active`. */
  provisioned: number;
  /** Provisioning attempts that failed and put the request back to `approved` for another try. */
  retried: number;
  /** Requests marked `failed` after `lifecycle.maxAttempts` attempts. */
  failed: number;
  /** Grants reclaimed because their time was up. */
  expired: number;
  /** Expiry warnings sent. */
  warned: number;
  /** Reserved windows whose owners were told they start soon. */
  startWarned: number;
  /** Active grants whose drifted objects were applied again. */
  driftRepaired: number;
  /** Active grants found without their namespace, now `namespace-missing`. */
  namespacesMissing: number;
  /** Owners of idle grants warned by the idle policy. */
  idleWarned: number;
  /** Idle grants the idle policy released. */
  idleReleased: number;
}

/**
 * How long before expiry a grant's owners are warned: `warnBefore`, but
 * never before the grant's halfway point, so an 8-hour grant is not told it
 * "expires soon" the minute it starts (with the 24-hour default it would be).
 */
export function expiryWarningLeadMs(
  request: Pick<GpuRequest, 'activeSince' | 'expiresAt'>,
  warnBeforeMs: number,
): number {
  const span =
    Date.parse(request.expiresAt ?? '') - Date.parse(request.activeSince ?? '');
  return span > 0 ? Math.min(warnBeforeMs, span / 2) : warnBeforeMs;
}

/** Grants handled at once in one pass. */
const CONCURRENCY = 4;
/**
 * Brings grants to the state they should be in: provisions approved requests,
 * retries failures with backoff, reclaims expired grants, warns owners before
 * expiry, re-applies drifted objects and marks grants whose namespace vanished.
 *
 * Safe on several replicas at once: every status change is a compare and set
 * in the store, applying is idempotent and removing tolerates a namespace
 * already gone, so a replica that loses a race just moves on.
 */
export class GrantReconciler {
  private readonly steps: GrantSteps;

  private constructor(
    private readonly options: GrantStepsOptions & { idlePolicy?: IdlePolicy },
  ) {
    this.steps = GrantSteps.create(options);
  }

  static create(options: {
    store: LifecycleStore;
    provisioner: GrantProvisioner;
    config: GpuProvisioningConfig;
    logger: LoggerService;
    auditor: AuditorService;
    notifications?: NotificationService;
    teamInfo: TeamInfoLookup;
    /** This process among the replicas, named in its claims; default `replicaId()`. */
    owner?: string;
    /** Warns and releases idle grants after the other steps; none by default. */
    idlePolicy?: IdlePolicy;
  }): GrantReconciler {
    return new GrantReconciler(options);
  }

  /**
   * Provisions one `approved` request now (on create or approval); returns it
   * as it ends up: `active`, back to `approved` with `lastError` for a retry,
   * or `failed` once `lifecycle.maxAttempts` attempts have failed. A request
   * in any other status, or one another replica took first, is returned as
   * the store has it.
   */
  async provision(request: GpuRequest): Promise<GpuRequest> {
    const result = await this.steps.provisionAt(request, new Date());
    if (result) return result;
    return (await this.steps.find(request.id)) ?? request;
  }

  /**
   * Takes a grant off its cluster and marks it `released` (by its owner) or
   * `expired`, with `endedAt`. The namespace goes first, so a grant is never
   * marked ended while it still has access on the cluster; when the cluster
   * cannot be reached this throws and the request keeps its status. Works
   * from any status that holds quota.
   */
  async end(
    request: GpuRequest,
    to: 'released' | 'expired',
  ): Promise<GpuRequest> {
    const ended = await this.steps.endAt(request, to, new Date());
    return ended ?? (await this.steps.find(request.id)) ?? request;
  }

  /**
   * Applies an active grant's objects again as the request now is, after a
   * change such as a smaller count; audited. Throws when the cluster
   * refuses; the loop's drift check applies it again later.
   */
  async reapply(request: GpuRequest, actionType: string): Promise<void> {
    const { provisioner, teamInfo, auditor } = this.options;
    const event = await auditor.createEvent({
      eventId: 'gpu-grant-apply',
      severityLevel: 'medium',
      meta: {
        actionType,
        requestId: request.id,
        team: request.team,
        cluster: request.cluster,
        namespace: request.namespace ?? null,
        gpus: request.count,
      },
    });
    try {
      const team = await teamInfo(request.team);
      await provisioner.apply({
        request,
        teamName: team.teamName,
        costCenter: team.costCenter,
      });
    } catch (error) {
      await event.fail({
        error: error instanceof Error ? error : new Error(String(error)),
      });
      throw error;
    }
    await event.success();
  }

  /**
   * One pass over every grant, `now` injectable for tests:
   *
   * 1. requests in `provisioning` whose claim ran out (the replica applying
   *    them stopped mid-apply; a live one renews its claim) count as a failed
   *    attempt: back to `approved`, or `failed` and removed at the limit;
   * 2. `approved` requests due for an attempt (the store keeps when the next
   *    is due after a failure, see `retryDelayMs`) are provisioned;
   * 3. `active` and `namespace-missing` grants past `expiresAt` are reclaimed;
   * 4. owners of `active` grants within `lifecycle.warnBefore` of expiry
   *    (at most half the grant's time; {@link expiryWarningLeadMs}),
   *    and of `approved` reserved windows within `lifecycle.startWarnBefore`
   *    of their start, are told once (the store remembers it);
   * 5. every other `active` grant is inspected: a vanished namespace makes it
   *    `namespace-missing` (audited, owners notified), drifted objects are
   *    applied again. A `namespace-missing` grant stays so until it is
   *    released or expires; the portal does not recreate a namespace someone
   *    deleted;
   * 6. the idle policy, when configured and enabled, warns the owners of
   *    idle grants and releases those idle past the grace period
   *    ({@link IdlePolicy}).
   *
   * Failures of one grant are logged and do not stop the pass.
   */
  async reconcileOnce(now: Date = new Date()): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = {
      provisioned: 0,
      retried: 0,
      failed: 0,
      expired: 0,
      warned: 0,
      startWarned: 0,
      driftRepaired: 0,
      namespacesMissing: 0,
      idleWarned: 0,
      idleReleased: 0,
    };
    const { store, config } = this.options;
    const teams = new Map<string, ReturnType<TeamInfoLookup>>();
    const teamOf = (ref: string) => {
      let facts = teams.get(ref);
      if (!facts) {
        facts = this.options.teamInfo(ref);
        teams.set(ref, facts);
        // A failed lookup is retried on the next pass, not cached.
        facts.catch(() => teams.delete(ref));
      }
      return facts;
    };
    const count = (result: GpuRequest | undefined) => {
      if (result?.status === 'active') summary.provisioned++;
      else if (result?.status === 'approved') summary.retried++;
      else if (result?.status === 'failed') summary.failed++;
    };

    const stale = await store.listAbandoned(now);
    await forEachConcurrently(stale, CONCURRENCY, async request => {
      this.options.logger.warn('Provisioning of a grant was interrupted', {
        requestId: request.id,
        cluster: request.cluster,
      });
      count(
        await this.steps.guard(request, () =>
          this.steps.recordFailure(
            request,
            new Error('Provisioning was interrupted before it finished'),
          ),
        ),
      );
    });

    const due = await store.listByStatus(['approved'], { dueBefore: now });
    const justProvisioned = new Set<string>();
    await forEachConcurrently(due, CONCURRENCY, async request => {
      const result = await this.steps.guard(request, () =>
        this.steps.provisionAt(request, now, teamOf),
      );
      if (result?.status === 'active') justProvisioned.add(request.id);
      count(result);
    });

    if (this.options.notifications) {
      summary.startWarned = await this.warnStarts(now);
    }

    const warnBeforeMs = durationToMilliseconds(config.warnBefore);
    const held = await store.listByStatus(['active', 'namespace-missing']);
    await forEachConcurrently(held, CONCURRENCY, async request => {
      const expiresAt = request.expiresAt
        ? Date.parse(request.expiresAt)
        : Number.NaN;
      if (expiresAt <= now.getTime()) {
        const ended = await this.steps.guard(request, () =>
          this.steps.endAt(request, 'expired', now),
        );
        if (ended) summary.expired++;
        return;
      }
      if (request.status !== 'active' || justProvisioned.has(request.id)) {
        return;
      }
      if (
        this.options.notifications &&
        expiresAt - expiryWarningLeadMs(request, warnBeforeMs) <=
          now.getTime() &&
        (await this.steps.guard(request, () => this.steps.warn(request)))
      ) {
        summary.warned++;
      }
      const outcome = await this.steps.guard(request, () =>
        this.steps.check(request, teamOf),
      );
      if (outcome === 'namespace-missing') summary.namespacesMissing++;
      if (outcome === 'repaired') summary.driftRepaired++;
    });

    if (this.options.idlePolicy) {
      try {
        const idle = await this.options.idlePolicy.runOnce(now, request =>
          this.steps.endAt(request, 'released', now),
        );
        summary.idleWarned = idle.idleWarned;
        summary.idleReleased = idle.idleReleased;
      } catch (error) {
        this.options.logger.warn('Idle policy run failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }

    const changed = Object.values(summary).some(n => n > 0);
    this.options.logger[changed ? 'info' : 'debug']('Reconciled GPU grants', {
      ...summary,
    });
    return summary;
  }

  /** Tells the owners of reserved windows starting within `startWarnBefore`; returns how many. */
  private async warnStarts(now: Date): Promise<number> {
    const leadMs = durationToMilliseconds(this.options.config.startWarnBefore);
    const soon = (await this.options.store.listByStatus(['approved'])).filter(
      request => {
        const startAt = request.startAt ? Date.parse(request.startAt) : NaN;
        return startAt > now.getTime() && startAt - leadMs <= now.getTime();
      },
    );
    let warned = 0;
    await forEachConcurrently(soon, CONCURRENCY, async request => {
      if (await this.steps.guard(request, () => this.steps.warnStart(request)))
        warned++;
    });
    return warned;
  }
}
