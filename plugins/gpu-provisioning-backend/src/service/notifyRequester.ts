import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';

/** Tells the requester; a notification that cannot be sent does not undo the decision. */
export async function notifyRequester(
  request: GpuRequest,
  payload: {
    title: string;
    description: string;
    severity: 'normal' | 'high';
  },
  deps: { notifications?: NotificationService; logger: LoggerService },
): Promise<void> {
  if (!deps.notifications) return;
  try {
    await deps.notifications.send({
      recipients: { type: 'entity', entityRef: request.requestedBy },
      payload: {
        ...payload,
        link: '/gpu/requests',
        topic: 'gpu-provisioning',
        scope: `gpu-request:${request.id}`,
      },
    });
  } catch (error) {
    deps.logger.warn('Could not notify the requester', {
      requestId: request.id,
      error: String(error),
    });
  }
}

/** The class of a request for people: `a100` or `a100 1g.10gb`. */
export function describeClass(request: GpuRequest): string {
  return request.migProfile
    ? `${request.gpuClass} ${request.migProfile}`
    : request.gpuClass;
}
