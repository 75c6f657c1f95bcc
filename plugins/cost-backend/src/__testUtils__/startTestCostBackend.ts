import {
  recordingAuditor,
  suitePermissionBackendFeatures,
} from '@ai-platform/test-utils';
import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { testEntities } from '../__fixtures__/entities';
import { costPlugin } from '../plugin';

/**
 * Starts the real cost plugin with the real permission backend and the
 * portal's policy module (so conditional decisions are evaluated by the
 * plugin's own rules), a catalog of the test org, and recording auditor and
 * notifications.
 */
export async function startTestCostBackend(options: {
  knex: Knex;
  config?: JsonObject;
  /** More plugins in the same backend, e.g. a gpu-metrics backend to call. */
  features?: BackendFeature[];
}) {
  const sent: NotificationSendOptions[] = [];
  const { auditor, events: auditEvents } = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      costPlugin,
      ...(options.features ?? []),
      ...suitePermissionBackendFeatures(),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          cost: { admins: ['group:default/finance'] },
          ...options.config,
        },
      }),
      mockServices.database.factory({ knex: options.knex }),
      catalogServiceMock.factory({ entities: testEntities }),
      auditor.factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) => {
            sent.push(notification);
          },
        }),
      }),
    ],
  });
  return { server, sent, auditEvents };
}

/** The auth header of a test user. */
export { asUser as as } from '@ai-platform/test-utils';
