import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases, suitePermissions } from '@ai-platform/test-utils';
import { testConfig } from '../__fixtures__/config';
import {
  ANA,
  PAT,
  testEntities,
  testMemberships,
} from '../__fixtures__/entities';
import { FakeCluster } from '../__testUtils__/FakeCluster';
import { readGpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import { DatabaseGrantStore } from '../database/DatabaseGrantStore';
import { isRequester, isTeam } from '../permissions/rules';
import { createGpuRequestServices } from './createGpuRequestServices';
import { IdlePolicy } from '../idle/IdlePolicy';
import { GrantLifecycle } from './types';

const databases = createTestDatabases();

const input = {
  team: 'group:default/conversational-ai',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 8,
  durationHours: 48,
  purpose: 'training',
  dataClassification: 'internal',
  justification: 'Pre-training a small assistant model',
};

/**
 * The services on their own, with a lifecycle and notifications that fail, to
 * check that their failures do not undo what the service recorded. The
 * happy paths run through the plugin in plugin.test.ts.
 */
async function createServices(options?: { permissions?: PermissionsService }) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseGrantStore.create({
    database: mockServices.database({ knex }),
  });
  const lifecycle: GrantLifecycle = {
    provision: jest.fn(async () => {
      throw new Error('apiserver timeout');
    }),
    end: jest.fn(),
    reapply: jest.fn(),
  };
  const logger = mockServices.logger.mock();
  const config = readGpuProvisioningConfig(new ConfigReader(testConfig));
  const services = createGpuRequestServices({
    store,
    capacity: FakeCluster.create(),
    lifecycle,
    config,
    catalog: catalogServiceMock({ entities: testEntities }),
    auth: mockServices.auth(),
    userInfo: mockServices.userInfo(),
    permissions:
      options?.permissions ??
      (await suitePermissions({
        config: testConfig,
        memberships: testMemberships,
      })),
    permissionsRegistry: mockServices.permissionsRegistry.mock({
      getPermissionRuleset: jest.fn().mockReturnValue({
        getRuleByName: (name: string) =>
          [isRequester, isTeam].find(rule => rule.name === name),
      }),
    }),
    auditor: mockServices.auditor.mock({
      createEvent: async () => ({
        success: async () => {},
        fail: async () => {},
      }),
    }),
    logger,
    idlePolicy: IdlePolicy.create({
      store,
      idleStore: store.idleGrants(),
      usage: {
        usage: async () => {
          throw new Error('gpu-metrics is not installed');
        },
      },
      config: config.idlePolicy,
      rules: config,
      auditor: mockServices.auditor.mock(),
      logger,
    }),
    notifications: {
      send: jest.fn(async () => {
        throw new Error('notifications backend not installed');
      }),
    },
  });
  return { services, lifecycle, logger };
}

describe('createGpuRequestServices', () => {
  it('keeps an approval when provisioning and notifying fail', async () => {
    const { services, lifecycle, logger } = await createServices();
    const { request } = await services.submissions.create({
      credentials: mockCredentials.user(ANA),
      input,
    });
    expect(request.status).toBe('pending-approval');

    const approved = await services.decisions.approve({
      credentials: mockCredentials.user(PAT),
      id: request.id,
    });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: PAT });
    expect(lifecycle.provision).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not notify the requester',
      expect.objectContaining({ requestId: request.id }),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Provisioning failed; the lifecycle loop retries it',
      expect.objectContaining({ error: 'Error: apiserver timeout' }),
    );
  });

  it('asks callers that are not users to name the team for quotas', async () => {
    const { services } = await createServices({
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    });
    await expect(
      services.quotas.quota({ credentials: mockCredentials.service() }),
    ).rejects.toThrow(
      'team: is required for calls that are not made by a user',
    );
    await expect(
      services.quotas.quota({
        credentials: mockCredentials.service(),
        team: 'group:default/vision',
      }),
    ).resolves.toContainEqual(
      expect.objectContaining({ gpuClass: 'h100', limit: 64, remaining: 64 }),
    );
  });

  it('refuses requests from service principals', async () => {
    const { services } = await createServices();
    await expect(
      services.submissions.create({
        credentials: mockCredentials.service(),
        input,
      }),
    ).rejects.toThrow('Only users can request GPUs');
  });
});
