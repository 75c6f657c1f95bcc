import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  GpuRequest,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { LifecycleStore } from '../types';
import { assessIdleGrants } from './assessIdleGrants';
import { IdleNotificationKind, idleNotification } from './idleNotification';
import { idlePolicyReport, planIdlePolicy } from './planIdlePolicy';
import {
  GrantUsageSource,
  IdleGrant,
  IdleGrantStore,
  IdlePolicyConfig,
  IdlePolicyReport,
} from './types';

/** What one run of the policy did, or with `dryRun` would have done. */
export interface IdlePolicyRun {
  /** Owners warned now. */
  idleWarned: number;
  /** Grants released now. */
  idleReleased: number;
  /** Dry run: grants the policy would have warned. */
  idleWouldWarn: number;
  /** Dry run: grants the policy would have released. */
  idleWouldRelease: number;
}

/** Ends a grant as its owner's release would; undefined when it had ended already. */
export type EndGrant = (request: GpuRequest) => Promise<GpuRequest | undefined>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The idle-grant policy (`gpuProvisioning.idlePolicy`): an active grant
 * idle longer than `idleHours` is warned once; still idle `graceHours`
 * after the warning and not kept, it is released. Dry run by default:
 * the run then changes nothing and logs what it would do, as the report
 * (`GET /idle-policy/report`) says.
 *
 * Safe on several replicas: the warning is a compare and set, a release
 * reads the grant and its idle state again first and ends it through the
 * lifecycle's compare and set.
 */
export class IdlePolicy {
  static create(options: {
    store: Pick<LifecycleStore, 'listByStatus' | 'get'>;
    idleStore: IdleGrantStore;
    usage: GrantUsageSource;
    config: IdlePolicyConfig;
    rules: Pick<RequestPolicyRules, 'gpuClasses'>;
    auditor: AuditorService;
    logger: LoggerService;
    notifications?: NotificationService;
  }): IdlePolicy {
    return new IdlePolicy(options);
  }

  private constructor(
    private readonly options: Parameters<typeof IdlePolicy.create>[0],
  ) {}

  /** The policy as configured. */
  get config(): IdlePolicyConfig {
    return this.options.config;
  }

  /** The grants described with their idle hours, cost and policy state. */
  async assess(grants: GpuRequest[], now: Date) {
    const { idleStore, usage, config, rules } = this.options;
    const states = await idleStore.states(grants.map(g => g.id));
    return assessIdleGrants({
      grants,
      states,
      usage,
      policy: config,
      rules,
      now,
    });
  }

  /** What the policy would do now to `grants`; changes nothing. */
  async report(grants: GpuRequest[], now: Date): Promise<IdlePolicyReport> {
    const { items, errors } = await this.assess(grants, now);
    const plan = planIdlePolicy(items, this.config, now);
    return idlePolicyReport({ plan, policy: this.config, errors, now });
  }

  /**
   * One run over every active grant, from the lifecycle loop. Nothing
   * happens unless the policy is enabled; in a dry run only the log says
   * what would. A failure of one grant is logged and does not stop the run.
   */
  async runOnce(now: Date, end: EndGrant): Promise<IdlePolicyRun> {
    const run: IdlePolicyRun = {
      idleWarned: 0,
      idleReleased: 0,
      idleWouldWarn: 0,
      idleWouldRelease: 0,
    };
    const { config, logger, idleStore } = this.options;
    if (!config.enabled) return run;
    const active = await this.options.store.listByStatus(['active']);
    const { items, errors } = await this.assess(active, now);
    for (const error of errors) {
      logger.warn('Could not read the usage of a grant', { ...error });
    }
    const plan = planIdlePolicy(items, config, now);
    if (config.dryRun) {
      const report = idlePolicyReport({ plan, policy: config, errors, now });
      run.idleWouldWarn = plan.warn.length;
      run.idleWouldRelease = plan.release.length;
      if (run.idleWouldWarn || run.idleWouldRelease) {
        logger.info('Idle policy dry run: nothing changed', {
          wouldWarn: plan.warn.map(g => g.requestId).join(', '),
          wouldRelease: plan.release.map(g => g.requestId).join(', '),
          savingPerDay: report.savingPerDay,
        });
      }
      return run;
    }
    for (const grant of plan.busyAgain) {
      await this.guard(grant, () =>
        idleStore.clearIdleWarning(grant.requestId, grant.warnedAt!),
      );
    }
    for (const grant of plan.warn) {
      if (await this.guard(grant, () => this.warn(grant, now))) {
        run.idleWarned++;
      }
    }
    for (const grant of plan.release) {
      if (await this.guard(grant, () => this.release(grant, now, end))) {
        run.idleReleased++;
      }
    }
    return run;
  }

  private async warn(grant: IdleGrant, now: Date): Promise<boolean> {
    if (!(await this.options.idleStore.markIdleWarned(grant.requestId, now))) {
      return false;
    }
    const event = await this.audit('gpu-grant-idle-warn', grant);
    await event.success();
    this.options.logger.info('Warned owners of an idle grant', {
      requestId: grant.requestId,
      idleHours: grant.idleHours,
      releaseAt: grant.releaseAt ?? '',
    });
    await this.notify('idle-warning', {
      ...grant,
      warnedAt: now.toISOString(),
    });
    return true;
  }

  private async release(
    grant: IdleGrant,
    now: Date,
    end: EndGrant,
  ): Promise<boolean> {
    const { store, idleStore, logger } = this.options;
    // An owner may have kept it, or someone released it, since it was read.
    const request = await store.get(grant.requestId);
    const state = (await idleStore.states([grant.requestId])).get(
      grant.requestId,
    );
    const kept =
      state?.keptUntil !== undefined &&
      Date.parse(state.keptUntil) > now.getTime();
    if (
      request?.status !== 'active' ||
      kept ||
      state?.warnedAt !== grant.warnedAt
    ) {
      return false;
    }
    const event = await this.audit('gpu-grant-idle-release', grant);
    let ended: GpuRequest | undefined;
    try {
      ended = await end(request);
    } catch (error) {
      await event.fail({
        error: error instanceof Error ? error : new Error(String(error)),
      });
      throw error;
    }
    await event.success({
      meta: { outcome: ended ? 'released' : 'already-ended' },
    });
    if (!ended) return false;
    logger.info('Released an idle grant', {
      requestId: grant.requestId,
      idleHours: grant.idleHours,
    });
    await this.notify('idle-released', grant);
    return true;
  }

  private audit(eventId: string, grant: IdleGrant) {
    return this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      meta: {
        actionType: 'idle-policy',
        requestId: grant.requestId,
        team: grant.team,
        cluster: grant.cluster,
        namespace: grant.namespace ?? null,
        idleHours: grant.idleHours,
        idleCostPerDay: grant.idleCostPerDay,
      },
    });
  }

  private async notify(kind: IdleNotificationKind, grant: IdleGrant) {
    const { notifications, logger } = this.options;
    if (!notifications) return;
    try {
      await notifications.send(idleNotification(kind, grant));
    } catch (error) {
      logger.warn('Could not notify the owners of an idle grant', {
        requestId: grant.requestId,
        notification: kind,
        error: errorText(error),
      });
    }
  }

  private async guard<T>(
    grant: IdleGrant,
    step: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      this.options.logger.warn('Idle policy step failed', {
        requestId: grant.requestId,
        error: errorText(error),
      });
      return undefined;
    }
  }
}
