import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { RunHeartbeat, replicaId } from '@ai-platform/plugin-ai-platform-node';
import {
  GpuRequest,
  namespaceName,
  QUOTA_HOLDING_STATUSES,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  GpuProvisioningConfig,
  quotaKeyOf,
} from '../config/GpuProvisioningConfig';
import {
  GrantProvisioner,
  GrantSpec,
  LifecycleStore,
  TeamInfoLookup,
} from '../types';
import { GrantNotificationKind, grantNotification } from './grantNotification';

/** Longest error text kept on a request. */
const MAX_ERROR_LENGTH = 1000;

const HOUR_MS = 3_600_000;

/**
 * How long a claim on a request being applied lasts unless renewed: a
 * replica killed mid-apply leaves it to the lifecycle loop after this.
 */
export const CLAIM_MS = 30_000;
/** How often a replica applying a grant renews its claim. */
export const CLAIM_RENEW_MS = 10_000;

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

/** What the steps work with. */
export interface GrantStepsOptions {
  store: LifecycleStore;
  provisioner: GrantProvisioner;
  config: GpuProvisioningConfig;
  logger: LoggerService;
  auditor: AuditorService;
  notifications?: NotificationService;
  teamInfo: TeamInfoLookup;
  /** This process among the replicas, named in its claims; default `replicaId()`. */
  owner?: string;
}

/**
 * The steps of one grant's life, each safe against other replicas: claiming
 * and applying an approved request, counting a failed attempt, ending a
 * grant, warning of expiry and checking an active grant for drift. Every
 * change on a cluster is audited. The lifecycle loop and the request
 * services drive them through `GrantReconciler`.
 */
export class GrantSteps {
  private readonly owner: string;

  static create(options: GrantStepsOptions): GrantSteps {
    return new GrantSteps(options);
  }

  private constructor(private readonly options: GrantStepsOptions) {
    this.owner = options.owner ?? replicaId();
  }

  /**
   * Claims an approved request (`approved` → `provisioning`, for
   * {@link CLAIM_MS}, renewed while it applies), applies it and makes it
   * `active`. Returns undefined when another replica claimed it first.
   */
  async provisionAt(
    request: GpuRequest,
    now: Date,
    teamOf: TeamInfoLookup = this.options.teamInfo,
  ): Promise<GpuRequest | undefined> {
    const { store, provisioner, logger } = this.options;
    if (request.status !== 'approved') return request;
    // A reserved window is provisioned at its start, not on approval.
    const { startAt } = request;
    if (startAt && Date.parse(startAt) > now.getTime()) return request;
    const namespace =
      request.namespace ??
      namespaceName({
        team: request.team,
        entityRef: request.entityRef,
        requestId: request.id,
      });
    const claimed = await store.claim(
      request.id,
      { owner: this.owner, until: new Date(now.getTime() + CLAIM_MS) },
      namespace,
    );
    if (!claimed) {
      logger.debug('Another replica is provisioning the grant', {
        requestId: request.id,
      });
      return undefined;
    }
    const activeSince = now.toISOString();
    // A request whose end was booked (a reserved window, or one beside
    // reservations) ends then; any other lasts its duration from now.
    const expiresAt =
      claimed.expiresAt ??
      new Date(now.getTime() + claimed.durationHours * HOUR_MS).toISOString();
    const audit = await this.audit('gpu-grant-apply', claimed, {
      actionType: 'provision',
    });

    const heartbeat = RunHeartbeat.start({
      intervalMs: CLAIM_RENEW_MS,
      beat: () =>
        store.renewClaim(claimed.id, {
          owner: this.owner,
          until: new Date(Date.now() + CLAIM_MS),
        }),
      onError: error =>
        logger.warn('Could not renew the claim on a grant being applied', {
          ...this.context(claimed),
          error: errorText(error),
        }),
    });
    try {
      const team = await teamOf(claimed.team);
      await provisioner.apply({
        request: { ...claimed, activeSince, expiresAt },
        teamName: team.teamName,
        costCenter: team.costCenter,
      });
    } catch (error) {
      await heartbeat.stop();
      await audit.fail({ error: asError(error) });
      return this.recordFailure(claimed, error);
    }
    await heartbeat.stop();

    const active = await store.transition(
      claimed.id,
      ['provisioning'],
      'active',
      { activeSince, expiresAt },
    );
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
    // Only the replica whose compare and set made it active gets here.
    if (active.startAt) await this.notify('reservation-ready', active);
    return active;
  }

  /** Counts a failed attempt; back to `approved` for a retry, or `failed` at the limit. */
  async recordFailure(
    request: GpuRequest,
    error: unknown,
  ): Promise<GpuRequest> {
    const { store, provisioner, config, logger } = this.options;
    const lastError = errorText(error);
    const attempts = await store.recordFailedAttempt(request.id, lastError);
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

  async endAt(
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
    await audit.success({ meta: { outcome: ended ? to : 'already-ended' } });
    if (ended)
      logger.info('Ended grant', { ...this.context(ended), status: to });
    return ended;
  }

  /** Warns the owners once; true when this call sent the warning. */
  async warn(request: GpuRequest): Promise<boolean> {
    if (!(await this.options.store.markExpiryWarned(request.id))) return false;
    await this.notify('expiry-warning', request);
    this.options.logger.info('Warned owners of grant expiry', {
      ...this.context(request),
      expiresAt: request.expiresAt ?? '',
    });
    return true;
  }

  /** Tells the owners of a reserved window once that it starts soon; true when this call did. */
  async warnStart(request: GpuRequest): Promise<boolean> {
    if (!(await this.options.store.markStartWarned(request.id))) return false;
    await this.notify('start-soon', request);
    this.options.logger.info('Told owners a reserved window starts soon', {
      ...this.context(request),
      startAt: request.startAt ?? '',
    });
    return true;
  }

  /** Inspects an active grant: marks a vanished namespace, re-applies drift. */
  async check(
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
  async guard<T>(
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
  async find(id: string): Promise<GpuRequest | undefined> {
    return this.options.store.get(id);
  }
}
