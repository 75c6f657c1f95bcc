import {
  recordingAuditor,
  suitePermissionBackendFeatures,
} from '@ai-platform/test-utils';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { testEntities } from '../__fixtures__/entities';
import { approvalsPlugin } from '../plugin';

/**
 * The real approvals plugin on the given database, with the real permission
 * backend and the portal's policy module, a catalog of the test organisation
 * and an auditor that records its events. Requests without an Authorization
 * header have no credentials (401).
 */
export async function startTestApprovalsBackend(options: { knex?: Knex }) {
  const audit = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      approvalsPlugin,
      ...suitePermissionBackendFeatures(),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          aiPlatform: { organisation: { cacheSeconds: 0 } },
        },
      }),
      catalogServiceMock.factory({ entities: testEntities }),
      audit.auditor.factory,
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
    ],
  });
  return { server, auditEvents: audit.events };
}

export { asUser as as, asService } from '@ai-platform/test-utils';
