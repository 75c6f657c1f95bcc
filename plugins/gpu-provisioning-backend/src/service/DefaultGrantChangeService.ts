import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  GpuRequest,
  QUOTA_HOLDING_STATUSES,
  gpuRequestApprovePermission,
  gpuRequestExtendSchema,
  gpuRequestUpdatePermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantStore } from '../database/types';
import { quotaKeyOf } from '../config/GpuProvisioningConfig';
import { QuotaRules, quotaLimitOf } from '../policy/quotaLimitOf';
import {
  exceedsApprovalThreshold,
  hourlyRateOf,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { Approvers } from './Approvers';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { parseInput } from '@ai-platform/plugin-ai-platform-node';
import { loadRequest } from './loadRequest';
import { RequestPermissions } from './RequestPermissions';
import { CapacityReader } from '../types';
import { capacityOfClass } from './capacityOfClass';
import {
  GpuRequestCallContext,
  GrantChangeService,
  GrantLifecycle,
} from './types';

interface Options {
  store: GrantStore;
  capacity: CapacityReader;
  lifecycle: GrantLifecycle;
  rules: RequestPolicyRules;
  quotas: QuotaRules;
  approvers: Approvers;
  permissions: RequestPermissions;
  audit: CallAuditor;
  logger: LoggerService;
}

/**
 * Owners' changes to a request that holds quota: extending it (by an
 * approver once it passes the approval threshold; the added hours must fit
 * beside future reservations in the team's quota and the cluster's
 * capacity) and releasing it.
 */
export class DefaultGrantChangeService implements GrantChangeService {
  static create(options: Options): DefaultGrantChangeService {
    return new DefaultGrantChangeService(options);
  }

  private constructor(private readonly options: Options) {}

  async extend(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-request-extend',
        severityLevel: 'medium',
        meta: { requestId: context.id },
        successMeta: request => ({
          durationHours: request.durationHours,
          ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
        }),
      },
      async () => {
        const { store, rules, approvers, permissions, logger } = this.options;
        const { additionalHours } = parseInput(
          gpuRequestExtendSchema,
          context.input,
          { unknownKey: 'field' },
        );
        const credentials = permissions.requireUser(
          context.credentials,
          'extend GPU grants',
        );
        const request = await loadRequest(store, context.id);
        const threshold = rules.approvalThresholdGpuHours;
        const gpuHours =
          request.count * (request.durationHours + additionalHours);
        if (exceedsApprovalThreshold(gpuHours, rules)) {
          // Otherwise a small grant could grow past the threshold unreviewed.
          if (!(await approvers.mayApprove(credentials, request))) {
            throw new NotAllowedError(
              `Extending GPU request ${
                request.id
              } to ${gpuHours} GPU-hours passes the approval threshold of ${threshold} GPU-hours; an approver (${approvers.configured.join(
                ', ',
              )}) other than the requester must extend it`,
            );
          }
          await permissions.authorizeResource(
            credentials,
            gpuRequestApprovePermission,
            request,
            'extend',
          );
        } else {
          await permissions.authorizeResource(
            credentials,
            gpuRequestUpdatePermission,
            request,
            'extend',
          );
        }
        const extended = await store.extend({
          id: request.id,
          additionalHours,
          maxDurationHours: rules.maxDurationHours,
          hourlyRate: hourlyRateOf(request, rules),
          quotaLimit: quotaLimitOf(
            this.options.quotas,
            request.team,
            quotaKeyOf(request),
          ),
          capacity: await capacityOfClass(this.options.capacity, request),
        });
        logger.info('Extended GPU grant', {
          requestId: request.id,
          additionalHours,
        });
        return extended;
      },
    );
  }

  async release(
    context: GpuRequestCallContext & { id: string },
  ): Promise<GpuRequest> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-request-release',
        severityLevel: 'medium',
        meta: { requestId: context.id },
        successMeta: request => ({ status: request.status }),
      },
      async () => {
        const { store, permissions } = this.options;
        const credentials = permissions.requireUser(
          context.credentials,
          'release GPU grants',
        );
        const request = await loadRequest(store, context.id);
        await permissions.authorizeResource(
          credentials,
          gpuRequestUpdatePermission,
          request,
          'release',
        );
        if (!QUOTA_HOLDING_STATUSES.includes(request.status)) {
          throw new ConflictError(
            `GPU request ${request.id} is ${request.status} and holds no GPUs to release`,
          );
        }
        if (request.status === 'pending-approval') {
          return this.withdrawPending(request);
        }
        return this.options.lifecycle.end(request, 'released');
      },
    );
  }

  async withdraw(
    context: GpuRequestCallContext & { id: string },
  ): Promise<GpuRequest> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-request-withdraw',
        severityLevel: 'medium',
        meta: { requestId: context.id },
        successMeta: request => ({
          status: request.status,
          requestedVia: request.requestedVia,
        }),
      },
      async () => {
        const { store, permissions } = this.options;
        const request = await loadRequest(store, context.id);
        const { credentials } = context;
        if (permissions.isUser(credentials)) {
          await permissions.authorizeResource(
            credentials,
            gpuRequestUpdatePermission,
            request,
            'withdraw',
          );
        } else {
          assertMadeBy(request, permissions.serviceOf(credentials));
        }
        if (request.status !== 'pending-approval') {
          throw new ConflictError(
            `GPU request ${request.id} is ${request.status}; only a request waiting for an approver can be withdrawn`,
          );
        }
        return this.withdrawPending(request);
      },
    );
  }

  /** Nothing is on a cluster yet: withdrawing is a status change. */
  private async withdrawPending(request: GpuRequest): Promise<GpuRequest> {
    const withdrawn = await this.options.store.transition(
      request.id,
      ['pending-approval'],
      'released',
      { endedAt: new Date().toISOString() },
    );
    if (!withdrawn) {
      throw new ConflictError(
        `GPU request ${request.id} was decided on meanwhile; try again`,
      );
    }
    return withdrawn;
  }
}

/**
 * A service may withdraw only what it asked for on a user's behalf:
 * Backstage's permission framework allows services everything, so this
 * match on the recorded actor is the whole check.
 */
function assertMadeBy(request: GpuRequest, service: string | undefined) {
  if (!service || service !== request.requestedVia) {
    throw new NotAllowedError(
      `${service ?? 'This caller'} did not make GPU request ${
        request.id
      }; only the service that asked on the requester's behalf${
        request.requestedVia ? ` (${request.requestedVia})` : ''
      } may withdraw it`,
    );
  }
}
