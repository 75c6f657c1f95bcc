import { recordingAuditor, suitePermissions } from '@ai-platform/test-utils';
import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { testConfig } from '../__fixtures__/config';
import { testEntities, testMemberships } from '../__fixtures__/entities';
import { gpuProvisioningPlugin } from '../plugin';

/**
 * Starts the real plugin in a test backend with the demo config, the demo
 * catalog, the portal's real permission policy and recording auditor and
 * notifications. The Kubernetes side and the lifecycle loop must be replaced
 * by the test file (`jest.mock`) with the fakes in this folder.
 */
export async function startTestGpuBackend(options: {
  knex: Knex;
  /** Permissions denied to everyone, by name. */
  deny?: string[];
  /** Config merged over the demo config, e.g. the `kubernetes` clusters of a simulated fleet. */
  config?: JsonObject;
  /** More plugins in the same backend, e.g. a stand-in for another family's backend. */
  features?: BackendFeature[];
}) {
  const sent: NotificationSendOptions[] = [];
  const { auditor, events: auditEvents } = recordingAuditor();
  const config = { ...testConfig, ...options.config };
  const permissions = await suitePermissions({
    config,
    memberships: testMemberships,
    deny: options.deny,
  });
  const { server } = await startTestBackend({
    features: [
      gpuProvisioningPlugin,
      mockServices.rootConfig.factory({
        data: config,
      }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities: testEntities }),
      permissions.factory,
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
      actionsRegistryServiceFactory,
      ...(options.features ?? []),
    ],
  });
  return { server, sent, auditEvents };
}

/** The auth header of a demo user. */
export function as(userEntityRef: string): [string, string] {
  return ['Authorization', mockCredentials.user.header(userEntityRef)];
}
