import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { IdleGrant } from './types';

/** What the owners of an idle grant are told about. */
export type IdleNotificationKind =
  | 'idle-notice'
  | 'idle-warning'
  | 'idle-released';

function what(grant: IdleGrant): string {
  const key = grant.migProfile
    ? `${grant.gpuClass}/${grant.migProfile}`
    : grant.gpuClass;
  return `${grant.count} × ${key} on ${grant.cluster}`;
}

/** The grant's requester and team, as notification recipients. */
export function idleRecipients(grant: IdleGrant): string[] {
  return [grant.requestedBy, grant.team];
}

/**
 * The notification of an idle grant to its requester and team, with its
 * idle hours and what they cost: an approver's notice, the idle policy's
 * warning (with when it will release the grant) or its release.
 */
export function idleNotification(
  kind: IdleNotificationKind,
  grant: IdleGrant,
): NotificationSendOptions {
  const recipients = {
    type: 'entity' as const,
    entityRef: idleRecipients(grant),
  };
  const inNamespace = grant.namespace ? ` in namespace ${grant.namespace}` : '';
  const idle = `The GPUs${inNamespace} have been idle for ${grant.idleHours} hours, costing ${grant.idleCost} (${grant.idleCostPerDay} per idle day at ${grant.hourlyRate} per GPU-hour).`;
  switch (kind) {
    case 'idle-warning':
      return {
        recipients,
        payload: {
          title: `Your GPU grant of ${what(
            grant,
          )} is idle and will be released`,
          description: `${idle} Unless they are used again or you keep the grant in the portal, it is released at ${grant.releaseAt}; its namespace and everything in it are then deleted.`,
          link: '/gpu',
          severity: 'high',
          topic: 'gpu-grant-idle',
        },
      };
    case 'idle-released':
      return {
        recipients,
        payload: {
          title: `Your idle GPU grant of ${what(grant)} was released`,
          description: `${idle} It was warned at ${grant.warnedAt} and nobody kept it, so the idle policy released it; request GPUs again when you need them.`,
          link: '/gpu',
          severity: 'high',
          topic: 'gpu-grant-idle',
        },
      };
    case 'idle-notice':
    default:
      return {
        recipients,
        payload: {
          title: `Your GPU grant of ${what(grant)} sits idle`,
          description: `${idle} Shrink or release it in the portal if you no longer need all of it.`,
          link: '/gpu',
          severity: 'normal',
          topic: 'gpu-grant-idle',
        },
      };
  }
}
