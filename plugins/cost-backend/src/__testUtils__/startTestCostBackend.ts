import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  recordingAuditor,
  suitePermissionBackendFeatures,
} from '@ai-platform/test-utils';
import {
  BackendFeature,
  coreServices,
  createBackendModule,
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
  // The ingest engine of the run (COST_TEST_INGEST_ENGINE, default the
  // plugin's), its Parquet files in a folder of this backend's own.
  const lineItemsDirectory = mkdtempSync(join(tmpdir(), 'cost-test-items-'));
  // Removed when the backend stops (backend-test-utils stops every test
  // backend after the file's tests): backends start inside tests too, where
  // jest takes no afterAll, and a worker's 'exit' event never came.
  const removeLineItemsAtStop = createBackendModule({
    pluginId: 'cost',
    moduleId: 'test-line-items-folder',
    register(reg) {
      reg.registerInit({
        deps: { lifecycle: coreServices.lifecycle },
        async init({ lifecycle }) {
          lifecycle.addShutdownHook(() =>
            rmSync(lineItemsDirectory, { recursive: true, force: true }),
          );
        },
      });
    },
  });
  const { cost, ...config } = options.config ?? {};
  const costConfig = (cost ?? {}) as JsonObject;
  const ingest = {
    lineItemsDirectory,
    ...(process.env.COST_TEST_INGEST_ENGINE
      ? { engine: process.env.COST_TEST_INGEST_ENGINE }
      : {}),
    ...((costConfig.ingest ?? {}) as JsonObject),
  };
  const { auditor, events: auditEvents } = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      costPlugin,
      removeLineItemsAtStop,
      ...(options.features ?? []),
      ...suitePermissionBackendFeatures(),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          ...config,
          cost: {
            ...(cost ? costConfig : { admins: ['group:default/finance'] }),
            ingest,
          },
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
