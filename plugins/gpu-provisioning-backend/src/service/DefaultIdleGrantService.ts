import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  GpuRequest,
  gpuRequestApprovePermission,
  gpuRequestKeepSchema,
  gpuRequestShrinkSchema,
  gpuRequestUpdatePermission,
  hourlyRateOf,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { CallAuditor, parseInput } from '@ai-platform/plugin-ai-platform-node';
import { GrantStore } from '../database/types';
import { IdlePolicy } from '../idle/IdlePolicy';
import { idleNotification, idleRecipients } from '../idle/idleNotification';
import {
  IdleGrant,
  IdleGrantList,
  IdleGrantStore,
  IdleNotice,
  IdlePolicyReport,
} from '../idle/types';
import { GrantReconciler } from '../lifecycle/GrantReconciler';
import { loadRequest } from './loadRequest';
import { RequestPermissions } from './RequestPermissions';
import { GpuRequestCallContext, IdleGrantService } from './types';

const HOUR_MS = 3_600_000;
/** How long `keep` keeps a grant when no hours are given. */
const DEFAULT_KEEP_HOURS = 24;

interface Options {
  store: GrantStore;
  idleStore: IdleGrantStore;
  policy: IdlePolicy;
  lifecycle: Pick<GrantReconciler, 'reapply'>;
  rules: Pick<RequestPolicyRules, 'gpuClasses'>;
  permissions: RequestPermissions;
  audit: CallAuditor;
  logger: LoggerService;
  notifications?: NotificationService;
  /** The clock, for tests. */
  now?: () => Date;
}

function requireActive(request: GpuRequest, action: string): void {
  if (request.status !== 'active') {
    throw new ConflictError(
      `GPU request ${request.id} is ${request.status}; only an active grant can be ${action}`,
    );
  }
}

/**
 * Idle grants, acted on: the grant's owners (requester and team) and
 * approvers shrink or keep it; approvers notify its owners; everyone reads
 * the idle state of the grants they may read. Every change is audited.
 */
export class DefaultIdleGrantService implements IdleGrantService {
  static create(options: Options): DefaultIdleGrantService {
    return new DefaultIdleGrantService(options);
  }

  private readonly now: () => Date;

  private constructor(private readonly options: Options) {
    this.now = options.now ?? (() => new Date());
  }

  async shrink(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-request-shrink',
        severityLevel: 'medium',
        meta: { requestId: context.id },
        successMeta: request => ({ count: request.count }),
      },
      async () => {
        const { store, idleStore, permissions, rules, logger } = this.options;
        const { count } = parseInput(gpuRequestShrinkSchema, context.input, {
          unknownKey: 'field',
        });
        const credentials = permissions.requireUser(
          context.credentials,
          'shrink GPU grants',
        );
        const request = await loadRequest(store, context.id);
        await permissions.authorizeResource(
          credentials,
          gpuRequestUpdatePermission,
          request,
          'shrink',
        );
        requireActive(request, 'shrunk');
        const shrunk = await idleStore.shrink({
          id: request.id,
          count,
          hourlyRate: hourlyRateOf(request, rules),
        });
        logger.info('Shrank GPU grant', {
          requestId: request.id,
          from: request.count,
          to: shrunk.count,
        });
        try {
          await this.options.lifecycle.reapply(shrunk, 'shrink');
        } catch (error) {
          throw new ServiceUnavailableError(
            `GPU request ${request.id} now holds ${shrunk.count}, but cluster ${
              request.cluster
            } could not be updated yet (${
              error instanceof Error ? error.message : String(error)
            }); the lifecycle loop applies it again`,
          );
        }
        return shrunk;
      },
    );
  }

  async notifyIdle(
    context: GpuRequestCallContext & { id: string },
  ): Promise<IdleNotice> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-request-idle-notice',
        severityLevel: 'low',
        meta: { requestId: context.id },
        successMeta: notice => ({
          idleHours: notice.idleHours,
          idleCost: notice.idleCost,
        }),
      },
      async () => {
        const { store, permissions, notifications } = this.options;
        const credentials = permissions.requireUser(
          context.credentials,
          'notify owners of idle GPU grants',
        );
        const request = await loadRequest(store, context.id);
        await permissions.authorizeResource(
          credentials,
          gpuRequestApprovePermission,
          request,
          'notify the owners of',
        );
        requireActive(request, 'reported idle');
        if (!notifications) {
          throw new ServiceUnavailableError(
            'Notifications are not available in this backend',
          );
        }
        const grant = await this.describe(request);
        if (grant.usageError) {
          throw new ServiceUnavailableError(
            `The GPU usage of request ${request.id} could not be read: ${grant.usageError}`,
          );
        }
        await notifications.send(idleNotification('idle-notice', grant));
        return {
          requestId: request.id,
          recipients: idleRecipients(grant),
          idleHours: grant.idleHours,
          idleCost: grant.idleCost,
          idleCostPerDay: grant.idleCostPerDay,
          sentAt: this.now().toISOString(),
        };
      },
    );
  }

  async keep(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<IdleGrant> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-request-keep',
        severityLevel: 'medium',
        meta: { requestId: context.id },
        successMeta: grant => ({ keptUntil: grant.keptUntil ?? null }),
      },
      async () => {
        const { store, idleStore, permissions } = this.options;
        const { hours = DEFAULT_KEEP_HOURS } = parseInput(
          gpuRequestKeepSchema,
          context.input ?? {},
          { unknownKey: 'field' },
        );
        const credentials = permissions.requireUser(
          context.credentials,
          'keep GPU grants',
        );
        const request = await loadRequest(store, context.id);
        await permissions.authorizeResource(
          credentials,
          gpuRequestUpdatePermission,
          request,
          'keep',
        );
        requireActive(request, 'kept');
        const kept = await idleStore.keep({
          id: request.id,
          until: new Date(this.now().getTime() + hours * HOUR_MS),
          by: credentials.principal.userEntityRef,
        });
        if (!kept) {
          throw new ConflictError(
            `GPU request ${request.id} ended meanwhile; there is nothing to keep`,
          );
        }
        return this.describe(request);
      },
    );
  }

  async list(context: GpuRequestCallContext): Promise<IdleGrantList> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-idle-grants-read',
        severityLevel: 'low',
        meta: {},
        successMeta: list => ({ grants: list.items.length }),
      },
      async () => {
        const grants = await this.readableActiveGrants(context);
        const { items, errors } = await this.options.policy.assess(
          grants,
          this.now(),
        );
        return { items, policy: { ...this.options.policy.config }, errors };
      },
    );
  }

  async report(context: GpuRequestCallContext): Promise<IdlePolicyReport> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-idle-policy-report',
        severityLevel: 'low',
        meta: {},
        successMeta: report => ({
          warn: report.warn.length,
          release: report.release.length,
          savingPerDay: report.savingPerDay,
        }),
      },
      async () =>
        this.options.policy.report(
          await this.readableActiveGrants(context),
          this.now(),
        ),
    );
  }

  /** Active grants, narrowed to what the caller may read. */
  private async readableActiveGrants(
    context: GpuRequestCallContext,
  ): Promise<GpuRequest[]> {
    const readable = await this.options.permissions.readableRequests(
      context.credentials,
    );
    return this.options.store.list({
      statuses: ['active'],
      ...(readable.all ? {} : { permissionFilter: readable.filter }),
    });
  }

  private async describe(request: GpuRequest): Promise<IdleGrant> {
    const { items } = await this.options.policy.assess([request], this.now());
    return items[0];
  }
}
