import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { quotaKeyOf } from '../config/GpuProvisioningConfig';

/** What the lifecycle loop tells a grant's owners about. */
export type GrantNotificationKind =
  | 'expiry-warning'
  | 'start-soon'
  | 'reservation-ready'
  | 'namespace-missing'
  | 'provisioning-failed';

function what(request: GpuRequest): string {
  return `${request.count} × ${quotaKeyOf(request)} on ${request.cluster}`;
}

/**
 * The notification for an event of a grant, sent to the requester and the
 * team (`recipients` of type `entity`), linking to the GPU page.
 */
export function grantNotification(
  kind: GrantNotificationKind,
  request: GpuRequest,
): NotificationSendOptions {
  const recipients = {
    type: 'entity' as const,
    entityRef: [request.requestedBy, request.team],
  };
  const inNamespace = request.namespace
    ? ` in namespace ${request.namespace}`
    : '';
  switch (kind) {
    case 'expiry-warning':
      return {
        recipients,
        payload: {
          title: `Your GPU grant of ${what(request)} expires soon`,
          description: `The grant${inNamespace} expires at ${request.expiresAt}. Extend it in the portal if you still need it; when it expires, its namespace and everything in it are deleted.`,
          link: '/gpu',
          severity: 'normal',
          topic: 'gpu-grant-expiry',
        },
      };
    case 'start-soon':
      return {
        recipients,
        payload: {
          title: `Your reserved GPUs (${what(request)}) start soon`,
          description: `The reserved window starts at ${request.startAt} and ends at ${request.expiresAt}. The GPUs are set up on the cluster at its start; release the request in the portal if you no longer need them.`,
          link: '/gpu',
          severity: 'normal',
          topic: 'gpu-reservation-start',
        },
      };
    case 'reservation-ready':
      return {
        recipients,
        payload: {
          title: `Your reserved GPUs (${what(
            request,
          )}) are ready${inNamespace}`,
          description: `The reserved window is set up${inNamespace} until ${request.expiresAt}; when it ends, the namespace and everything in it are deleted.`,
          link: '/gpu',
          severity: 'normal',
          topic: 'gpu-reservation-ready',
        },
      };
    case 'namespace-missing':
      return {
        recipients,
        payload: {
          title: `The namespace of your GPU grant of ${what(
            request,
          )} was deleted`,
          description: `The namespace ${
            request.namespace ?? 'of the grant'
          } was deleted outside the portal. The grant keeps its GPUs reserved until you release it or it expires at ${
            request.expiresAt
          }.`,
          link: '/gpu',
          severity: 'high',
          topic: 'gpu-grant-namespace-missing',
        },
      };
    case 'provisioning-failed':
    default:
      return {
        recipients,
        payload: {
          title: `Your GPU grant of ${what(request)} could not be provisioned`,
          description: `The portal gave up after repeated failures: ${
            request.lastError ?? 'unknown error'
          }. Its quota has been released; request the GPUs again or contact the platform team.`,
          link: '/gpu',
          severity: 'high',
          topic: 'gpu-grant-failed',
        },
      };
  }
}
