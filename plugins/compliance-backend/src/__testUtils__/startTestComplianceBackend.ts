import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { compliancePlugin } from '../plugin';
import { kubernetesConfigFor } from './clusterConfig';
import { recordingAuditor, DEMO_ALLOWED_REGISTRIES } from './createTestService';
import { loadDemoEntities } from './demoCatalog';

/** The demo's compliance approvers and who is in them. */
export const APPROVER = 'user:default/priya.platform';
export const DEVELOPER = 'user:default/ana.assistant';
const MEMBERSHIPS: Record<string, string[]> = {
  [APPROVER]: ['group:default/platform-engineering'],
  [DEVELOPER]: ['group:default/conversational-ai'],
};

/**
 * A permissions service deciding like the portal's compliance decider:
 * scores for everyone signed in, waivers and runs for approvers.
 */
function testPermissions() {
  return mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'service')
          return { result: AuthorizeResult.ALLOW };
        if (!principal.userEntityRef) return { result: AuthorizeResult.DENY };
        if (r.permission.name === 'compliance.score.read')
          return { result: AuthorizeResult.ALLOW };
        const approver = (MEMBERSHIPS[principal.userEntityRef] ?? []).includes(
          'group:default/platform-engineering',
        );
        return {
          result: approver ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      }),
  });
}

/** Starts the real plugin over the demo catalog and the simulated clusters. */
export async function startTestComplianceBackend(options: {
  knex: Knex;
  sim: ClusterSim;
  config?: JsonObject;
}) {
  const { auditor, events } = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      compliancePlugin,
      mockServices.rootConfig.factory({
        data: {
          ...kubernetesConfigFor(options.sim),
          compliance: {
            approvers: ['group:default/platform-engineering'],
            grants: { enabled: false },
            kubernetes: { allowedRegistries: DEMO_ALLOWED_REGISTRIES },
            schedule: { full: { hours: 24 }, incremental: { hours: 24 } },
          },
          ...options.config,
        },
      }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities: loadDemoEntities() }),
      testPermissions().factory,
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
