import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { durationToMilliseconds } from '@backstage/types';
import {
  GpuRequest,
  namespaceName,
  QUOTA_HOLDING_STATUSES,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  GpuProvisioningConfig,
  quotaKeyOf,
} from '../config/GpuProvisioningConfig';
import { GrantProvisioner, GrantSpec, LifecycleStore } from '../types';
import { forEachConcurrently } from './forEachConcurrently';
import { GrantNotificationKind, grantNotification } from './grantNotification';
import { isRetryDue } from './retryBackoff';

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
  /** Active grants whose drifted objects were applied again. */
  driftRepaired: number;
  /** Active grants found without their namespace, now `namespace-missing`. */
  namespacesMissing: number;
}

/** Facts about a team the grant's objects carry. */
export type TeamInfoLookup = (
  teamRef: string,
) => Promise<{ teamName: string; costCenter?: string }>;

/** A request stuck in `provisioning` this long was abandoned by a stopped replica. */
const STALE_PROVISIONING_MS = 10 * 60_000;
/** Grants handled at once in one pass. */
const CONCURRENCY = 4;
/** Longest error text kept on a request. */
const MAX_ERROR_LENGTH = 1000;

const HOUR_MS = 3_600_000;

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_ERROR_LENGTH
    ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…`
    : text;
}

/**
 * A grant as far as removing it needs: its cluster, namespace and id. Team
 * facts are not looked up, so a catalog outage cannot keep a grant alive.
 */
function identityOf(request: GpuRequest): GrantSpec {
  return { request, teamName: request.team.split('/').pop() ?? request.team };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

interface Options {
  store: LifecycleStore;
  provisioner: GrantProvisioner;
  config: GpuProvisioningConfig;
  logger: LoggerService;
  auditor: AuditorService;
  notifications?: NotificationService;
  teamInfo: TeamInfoLookup;
}

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
  /** Failed attempts per request as the store last counted them, for the backoff. */
  private readonly failures = new Map<string, number>();

  private constructor(private readonly options: Options) {}

  static create(options: {
    store: LifecycleStore;
    provisioner: GrantProvisioner;
    config: GpuProvisioningConfig;
    logger: LoggerService;
    auditor: AuditorService;
    notifications?: NotificationService;
    teamInfo: TeamInfoLookup;
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
    const result = await this.provisionAt(request, new Date());
    if (result) return result;
    return (await this.find(request.id)) ?? request;
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
    const ended = await this.endAt(request, to, new Date());
    return ended ?? (await this.find(request.id)) ?? request;
  }

  /**
   * One pass over every grant, `now` injectable for tests:
   *
   * 1. requests stuck in `provisioning` for 10 minutes (a replica stopped
   *    mid-apply) count as a failed attempt;
   * 2. `approved` requests due for an attempt (see `isRetryDue`) are provisioned;
   * 3. `active` and `namespace-missing` grants past `expiresAt` are reclaimed;
   * 4. owners of `active` grants within `lifecycle.warnBefore` of expiry are
   *    warned once;
   * 5. every other `active` grant is inspected: a vanished namespace makes it
   *    `namespace-missing` (audited, owners notified), drifted objects are
   *    applied again. A `namespace-missing` grant stays so until it is
   *    released or expires; the portal does not recreate a namespace someone
   *    deleted.
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
      driftRepaired: 0,
      namespacesMissing: 0,
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

    const stale = (await store.listByStatus(['provisioning'])).filter(
      r => Date.parse(r.updatedAt) + STALE_PROVISIONING_MS <= now.getTime(),
    );
    await forEachConcurrently(stale, CONCURRENCY, async request => {
      this.options.logger.warn('Provisioning of a grant was interrupted', {
        requestId: request.id,
        cluster: request.cluster,
      });
      count(
        await this.guard(request, () =>
          this.recordFailure(
            request,
            new Error('Provisioning was interrupted before it finished'),
          ),
        ),
      );
    });

    const due = (await store.listByStatus(['approved'])).filter(request =>
      isRetryDue({ request, failures: this.failures.get(request.id), now }),
    );
    const justProvisioned = new Set<string>();
    await forEachConcurrently(due, CONCURRENCY, async request => {
      const result = await this.guard(request, () =>
        this.provisionAt(request, now, teamOf),
      );
      if (result?.status === 'active') justProvisioned.add(request.id);
      count(result);
    });

    const warnBeforeMs = durationToMilliseconds(config.warnBefore);
    const held = await store.listByStatus(['active', 'namespace-missing']);
    await forEachConcurrently(held, CONCURRENCY, async request => {
      const expiresAt = request.expiresAt
        ? Date.parse(request.expiresAt)
        : Number.NaN;
      if (expiresAt <= now.getTime()) {
        const ended = await this.guard(request, () =>
          this.endAt(request, 'expired', now),
        );
        if (ended) summary.expired++;
        return;
      }
      if (request.status !== 'active' || justProvisioned.has(request.id)) {
        return;
      }
      if (
        this.options.notifications &&
        expiresAt - warnBeforeMs <= now.getTime() &&
        (await this.guard(request, () => this.warn(request)))
      ) {
        summary.warned++;
      }
      const outcome = await this.guard(request, () =>
        this.check(request, teamOf),
      );
      if (outcome === 'namespace-missing') summary.namespacesMissing++;
      if (outcome === 'repaired') summary.driftRepaired++;
    });

    const changed = Object.values(summary).some(n => n > 0);
    this.options.logger[changed ? 'info' : 'debug']('Reconciled GPU grants', {
      ...summary,
    });
    return summary;
  }

  /**
   * Claims an approved request (`approved` → `provisioning`), applies it and
   * makes it `active`. Returns undefined when another replica claimed it first.
   */
  private async provisionAt(
    request: GpuRequest,
    now: Date,
    teamOf: TeamInfoLookup = this.options.teamInfo,
  ): Promise<GpuRequest | undefined> {
    const { store, provisioner, logger } = this.options;
    if (request.status !== 'approved') return request;
    const namespace =
      request.namespace ??
      namespaceName({
        team: request.team,
        entityRef: request.entityRef,
        requestId: request.id,
      });
    const claimed = await store.transition(
      request.id,
      ['approved'],
      'provisioning',
      { namespace },
    );
    if (!claimed) {
      logger.debug('Another replica is provisioning the grant', {
        requestId: request.id,
      });
      return undefined;
    }
    const activeSince = now.toISOString();
    const expiresAt = new Date(
      now.getTime() + claimed.durationHours * HOUR_MS,
    ).toISOString();
    const audit = await this.audit('gpu-grant-apply', claimed, {
      actionType: 'provision',
    });

    try {
      const team = await teamOf(claimed.team);
      await provisioner.apply({
        request: { ...claimed, activeSince, expiresAt },
        teamName: team.teamName,
        costCenter: team.costCenter,
      });
    } catch (error) {
      await audit.fail({ error: asError(error) });
      return this.recordFailure(claimed, error);
    }

    const active = await store.transition(
      claimed.id,
      ['provisioning'],
      'active',
      { activeSince, expiresAt },
    );
    this.failures.delete(claimed.id);
    if (!active) {
      // Ended (or given up on) while it was being applied: the grant must not
      // keep access on the cluster, unless it is being provisioned afresh.
      const current = await this.find(claimed.id);
      if (!current || !QUOTA_HOLDING_STATUSES.includes(current.status)) {
        logger.warn(
          'Grant ended while it was applied; removing it from the cluster',
          this.context(claimed),
        );
        await this.guard(claimed, () =>
          provisioner.remove(identityOf(claimed)),
        );
      }
      await audit.success({ meta: { outcome: 'superseded' } });
      return current;
    }
    await audit.success({ meta: { outcome: 'active', expiresAt } });
    logger.info('Applied grant', { ...this.context(active), expiresAt });
    return active;
  }

  /** Counts a failed attempt; back to `approved` for a retry, or `failed` at the limit. */
  private async recordFailure(
    request: GpuRequest,
    error: unknown,
  ): Promise<GpuRequest> {
    const { store, provisioner, config, logger } = this.options;
    const lastError = errorText(error);
    const attempts = await store.recordFailedAttempt(request.id, lastError);
    this.failures.set(request.id, attempts);
    const context = {
      ...this.context(request),
      attempt: attempts,
      maxAttempts: config.maxAttempts,
      error: lastError,
    };
    if (attempts < config.maxAttempts) {
      logger.warn('Could not apply grant; retrying later', context);
      const retry = await store.transition(
        request.id,
        ['provisioning'],
        'approved',
        { lastError },
      );
      return retry ?? request;
    }
    logger.error('Could not apply grant; giving up', context);
    this.failures.delete(request.id);
    const failed = await store.transition(
      request.id,
      ['provisioning'],
      'failed',
      { lastError },
    );
    if (!failed) return request;
    // Whatever a failed roll-back or a stopped replica left behind goes now.
    await this.guard(failed, () => provisioner.remove(identityOf(failed)));
    await this.notify('provisioning-failed', failed);
    return failed;
  }

  private async endAt(
    request: GpuRequest,
    to: 'released' | 'expired',
    now: Date,
  ): Promise<GpuRequest | undefined> {
    const { store, provisioner, logger } = this.options;
    const audit = await this.audit('gpu-grant-reclaim', request, {
      actionType: to,
    });
    try {
      await provisioner.remove(identityOf(request));
    } catch (error) {
      await audit.fail({ error: asError(error) });
      throw error;
    }
    const ended = await store.transition(
      request.id,
      [...QUOTA_HOLDING_STATUSES],
      to,
      { endedAt: now.toISOString() },
    );
    this.failures.delete(request.id);
    await audit.success({ meta: { outcome: ended ? to : 'already-ended' } });
    if (ended)
      logger.info('Ended grant', { ...this.context(ended), status: to });
    return ended;
  }

  /** Warns the owners once; true when this call sent the warning. */
  private async warn(request: GpuRequest): Promise<boolean> {
    if (!(await this.options.store.markExpiryWarned(request.id))) return false;
    await this.notify('expiry-warning', request);
    this.options.logger.info('Warned owners of grant expiry', {
      ...this.context(request),
      expiresAt: request.expiresAt ?? '',
    });
    return true;
  }

  /** Inspects an active grant: marks a vanished namespace, re-applies drift. */
  private async check(
    request: GpuRequest,
    teamOf: TeamInfoLookup,
  ): Promise<'ok' | 'namespace-missing' | 'repaired' | 'moved'> {
    const { store, provisioner, logger } = this.options;
    const team = await teamOf(request.team);
    const grant: GrantSpec = {
      request,
      teamName: team.teamName,
      costCenter: team.costCenter,
    };
    const state = await provisioner.inspect(grant);
    if (!state.namespaceExists) {
      const missing = await store.transition(
        request.id,
        ['active'],
        'namespace-missing',
      );
      if (!missing) return 'moved';
      const audit = await this.audit('gpu-grant-namespace-missing', missing, {
        actionType: 'detect',
      });
      await audit.success();
      logger.warn('Grant namespace is gone', this.context(missing));
      await this.notify('namespace-missing', missing);
      return 'namespace-missing';
    }
    if (state.drifted.length === 0) return 'ok';
    const audit = await this.audit('gpu-grant-apply', request, {
      actionType: 'repair-drift',
      drifted: state.drifted,
    });
    try {
      await provisioner.apply(grant);
    } catch (error) {
      await audit.fail({ error: asError(error) });
      throw error;
    }
    await audit.success();
    logger.info('Repaired drifted grant objects', {
      ...this.context(request),
      drifted: state.drifted.join(', '),
    });
    return 'repaired';
  }

  private async notify(kind: GrantNotificationKind, request: GpuRequest) {
    const { notifications, logger } = this.options;
    if (!notifications) return;
    try {
      await notifications.send(grantNotification(kind, request));
    } catch (error) {
      logger.warn('Could not notify the owners of a grant', {
        ...this.context(request),
        notification: kind,
        error: errorText(error),
      });
    }
  }

  private async audit(
    eventId: string,
    request: GpuRequest,
    meta: Record<string, string | string[]>,
  ): Promise<AuditorServiceEvent> {
    return this.options.auditor.createEvent({
      eventId,
      severityLevel:
        eventId === 'gpu-grant-namespace-missing' ? 'high' : 'medium',
      meta: {
        ...meta,
        requestId: request.id,
        team: request.team,
        cluster: request.cluster,
        namespace: request.namespace ?? null,
        gpus: `${request.count} x ${quotaKeyOf(request)}`,
      },
    });
  }

  /** Runs one grant's step; a failure is logged and leaves the grant for the next pass. */
  private async guard<T>(
    request: GpuRequest,
    step: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      this.options.logger.warn('GPU grant lifecycle step failed', {
        ...this.context(request),
        error: errorText(error),
      });
      return undefined;
    }
  }

  private context(request: GpuRequest) {
    return {
      requestId: request.id,
      cluster: request.cluster,
      namespace: request.namespace ?? '',
      status: request.status,
    };
  }

  /** A request as the store has it now, for answers after a lost race. */
  private async find(id: string): Promise<GpuRequest | undefined> {
    return this.options.store.get(id);
  }
}
