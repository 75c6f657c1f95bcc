import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  GpuRequest,
  gpuRequestApprovePermission,
  gpuRequestRejectSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantStore } from '../database/types';
import { Approvers, isRequesterOf } from './Approvers';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { parseInput } from '@ai-platform/plugin-ai-platform-node';
import { loadRequest } from './loadRequest';
import { describeClass, notifyRequester } from './notifyRequester';
import { provisionNow } from './provisionNow';
import { RequestPermissions, UserCredentials } from './RequestPermissions';
import {
  GpuRequestCallContext,
  GpuRequestDecisionService,
  GrantLifecycle,
} from './types';

interface Options {
  store: GrantStore;
  lifecycle: GrantLifecycle;
  approvers: Approvers;
  permissions: RequestPermissions;
  audit: CallAuditor;
  logger: LoggerService;
  /** Tells requesters about approvals and rejections, when present. */
  notifications?: NotificationService;
}

/**
 * Approvers' decisions: a pending request is approved (and provisioned) or
 * rejected with a reason by a member of `gpuProvisioning.approvers` who did
 * not make it. The requester is told either way.
 */
export class DefaultGpuRequestDecisionService
  implements GpuRequestDecisionService
{
  static create(options: Options): DefaultGpuRequestDecisionService {
    return new DefaultGpuRequestDecisionService(options);
  }

  private constructor(private readonly options: Options) {}

  async approve(
    context: GpuRequestCallContext & { id: string },
  ): Promise<GpuRequest> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-request-approve',
        severityLevel: 'medium',
        meta: { requestId: context.id },
        successMeta: request => ({ status: request.status }),
      },
      async () => {
        const { store, logger } = this.options;
        const { credentials, request } = await this.decide(context);
        const approver = credentials.principal.userEntityRef;
        const approved = await store.transition(
          request.id,
          ['pending-approval'],
          'approved',
          { decidedBy: approver, decidedAt: new Date().toISOString() },
        );
        if (!approved) {
          throw new ConflictError(
            `GPU request ${request.id} was decided by someone else meanwhile`,
          );
        }
        logger.info('Approved GPU request', {
          requestId: request.id,
          approver,
        });
        await notifyRequester(
          approved,
          {
            title: `GPU request approved: ${approved.count} × ${describeClass(
              approved,
            )} on ${approved.cluster}`,
            description: `${approver} approved your request for ${approved.team}. The GPUs are being provisioned.`,
            severity: 'normal',
          },
          this.options,
        );
        return provisionNow(approved, this.options);
      },
    );
  }

  async reject(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-request-reject',
        severityLevel: 'medium',
        meta: { requestId: context.id },
        successMeta: request => ({ status: request.status }),
      },
      async () => {
        const { store, logger } = this.options;
        const { reason } = parseInput(gpuRequestRejectSchema, context.input, {
          unknownKey: 'field',
        });
        const { credentials, request } = await this.decide(context);
        const approver = credentials.principal.userEntityRef;
        const rejected = await store.transition(
          request.id,
          ['pending-approval'],
          'rejected',
          {
            decidedBy: approver,
            decidedAt: new Date().toISOString(),
            rejectionReason: reason,
          },
        );
        if (!rejected) {
          throw new ConflictError(
            `GPU request ${request.id} was decided by someone else meanwhile`,
          );
        }
        logger.info('Rejected GPU request', {
          requestId: request.id,
          approver,
        });
        await notifyRequester(
          rejected,
          {
            title: `GPU request rejected: ${rejected.count} × ${describeClass(
              rejected,
            )} on ${rejected.cluster}`,
            description: `${approver} rejected your request for ${rejected.team}: ${reason}`,
            severity: 'high',
          },
          this.options,
        );
        return rejected;
      },
    );
  }

  /** The approver's checks, shared by approve and reject. */
  private async decide(
    context: GpuRequestCallContext & { id: string },
  ): Promise<{ credentials: UserCredentials; request: GpuRequest }> {
    const { permissions, approvers } = this.options;
    const credentials = permissions.requireUser(
      context.credentials,
      'decide on GPU requests',
    );
    const request = await loadRequest(this.options.store, context.id);
    await permissions.authorizeResource(
      credentials,
      gpuRequestApprovePermission,
      request,
      'decide on',
    );
    if (!(await approvers.includes(credentials))) {
      throw new NotAllowedError(
        approvers.configured.length
          ? `Only members of ${approvers.configured.join(
              ', ',
            )} decide on GPU requests`
          : 'No approvers are configured (gpuProvisioning.approvers), so nobody can decide on GPU requests',
      );
    }
    if (isRequesterOf(credentials, request)) {
      throw new NotAllowedError('You cannot decide on your own GPU request');
    }
    if (request.status !== 'pending-approval') {
      throw new ConflictError(
        `GPU request ${request.id} is ${request.status}, not pending-approval`,
      );
    }
    return { credentials, request };
  }
}
