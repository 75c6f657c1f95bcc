import { Entity } from '@backstage/catalog-model';
import {
  fleetKubernetesConfig,
  recordingAuditor,
  suitePermissions,
} from '@ai-platform/test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { compliancePlugin } from '../plugin';
import { DEMO_ALLOWED_REGISTRIES } from './createTestService';
import { loadDemoEntities } from './demoCatalog';

/** The demo's compliance approvers and who is in them. */
export const APPROVER = 'user:default/priya.platform';
export const DEVELOPER = 'user:default/ana.assistant';
const MEMBERSHIPS: Record<string, string[]> = {
  [APPROVER]: ['group:default/platform-engineering'],
  [DEVELOPER]: ['group:default/conversational-ai'],
};

/**
 * Starts the real plugin over the demo catalog and the simulated clusters,
 * deciding with the portal's real permission policy.
 */
export async function startTestComplianceBackend(options: {
  knex: Knex;
  sim: ClusterSim;
  config?: JsonObject;
  /** The catalog's entities; a test may change them in place. Default the demo catalog. */
  entities?: Entity[];
}) {
  const { auditor, events } = recordingAuditor();
  const config: JsonObject = {
    kubernetes: fleetKubernetesConfig(options.sim, { token: 'readOnly' }),
    compliance: {
      approvers: ['group:default/platform-engineering'],
      grants: { enabled: false },
      kubernetes: { allowedRegistries: DEMO_ALLOWED_REGISTRIES },
      schedule: { full: { hours: 24 }, incremental: { hours: 24 } },
    },
    ...options.config,
  };
  const permissions = await suitePermissions({
    config,
    memberships: MEMBERSHIPS,
  });
  const { server } = await startTestBackend({
    features: [
      compliancePlugin,
      mockServices.rootConfig.factory({ data: config }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({
        entities: options.entities ?? loadDemoEntities(),
      }),
      permissions.factory,
      auditor.factory,
      actionsRegistryServiceFactory,
    ],
  });
  return { server, events };
}

/** The auth header of a demo user. */
export function as(userEntityRef: string): [string, string] {
  return ['Authorization', mockCredentials.user.header(userEntityRef)];
}
