import {
  coreServices,
  createBackendPlugin,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { kubernetesPermissions } from '@backstage/plugin-kubernetes-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  BasicPermission,
  createPermission,
  isResourcePermission,
  Permission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';
import { compliancePermissions } from '@ai-platform/plugin-compliance-common';
import { costPermissions } from '@ai-platform/plugin-cost-common';
import { gpuMetricsPermissions } from '@ai-platform/plugin-gpu-metrics-common';
import {
  gpuProvisioningPermissions,
  gpuRequestApprovePermission,
  gpuRequestCreatePermission,
  gpuRequestReadPermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import request from 'supertest';
import { orgEntities, orgUsers } from '../__fixtures__/org';
import { AiPlatformPermissionPolicy } from '../policy/AiPlatformPermissionPolicy';
import { portalDeciders } from '../policy/deciders';
import permissionModuleAiPlatform, {
  portalPermissionsServiceFactory,
} from '..';
import { PolicyPermissionsService } from './PolicyPermissionsService';

const config = {
  permission: { enabled: true },
  aiPlatform: {
    permissions: {
      platformAdmins: ['group:default/platform-engineering'],
      catalogAdmins: ['group:default/catalog-admins'],
    },
  },
  gpuProvisioning: { approvers: ['group:default/gpu-infrastructure'] },
  cost: { admins: ['group:default/finance'] },
  compliance: { approvers: ['group:default/compliance-officers'] },
  gpuMetrics: { fleetViewers: ['user:default/fred.fleet'] },
};

const allPermissions: Permission[] = [
  ...catalogPermissions,
  ...scaffolderPermissions,
  ...kubernetesPermissions,
  ...gpuProvisioningPermissions,
  ...gpuMetricsPermissions,
  ...costPermissions,
  ...compliancePermissions,
  createPermission({ name: 'made.up.permission', attributes: {} }),
  createPermission({
    name: 'made.up.resource.read',
    attributes: { action: 'read' },
    resourceType: 'made-up-resource',
  }),
];
const basic = allPermissions.filter(
  (p): p is BasicPermission => !isResourcePermission(p),
);
const resource = allPermissions.filter((p): p is ResourcePermission =>
  isResourcePermission(p),
);
const users = Object.keys(orgUsers).map(name => `user:default/${name}`);

describe('portalPermissionsServiceFactory', () => {
  let server: Parameters<typeof request>[0];
  let permissions: PermissionsService;

  beforeAll(async () => {
    const probe = createBackendPlugin({
      pluginId: 'probe',
      register(reg) {
        reg.registerInit({
          deps: { permissions: coreServices.permissions },
          async init(deps) {
            permissions = deps.permissions;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleAiPlatform,
        probe,
        portalPermissionsServiceFactory,
        catalogServiceMock.factory({ entities: orgEntities }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    server = backend.server;
  });

  /** What the permission backend answers over HTTP for a plugin forwarding the user. */
  async function remoteDecisions(userEntityRef: string) {
    const token = mockCredentials.user.token(userEntityRef, {
      actor: { subject: 'plugin:probe' },
    });
    const response = await request(server)
      .post('/api/permission/authorize')
      .set('authorization', `Bearer ${token}`)
      .send({
        items: allPermissions.map((permission, i) => ({
          id: String(i),
          permission,
        })),
      });
    expect(response.status).toBe(200);
    return response.body.items.map(({ id: _, ...decision }: any) => decision);
  }

  it.each(users)(
    'decides every permission for %s as the permission backend does',
    async userEntityRef => {
      const credentials = mockCredentials.user(userEntityRef);
      const local = [
        ...(await permissions.authorize(
          basic.map(permission => ({ permission })),
          { credentials },
        )),
        ...(await permissions.authorizeConditional(
          resource.map(permission => ({ permission })),
          { credentials },
        )),
      ];
      const remote = await remoteDecisions(userEntityRef);
      const byName = (decisions: unknown[], order: Permission[]) =>
        Object.fromEntries(order.map((p, i) => [p.name, decisions[i]]));
      expect(byName(local, [...basic, ...resource])).toEqual(
        byName(remote, allPermissions),
      );
      // The matrix is not trivial: some decisions differ between users.
      expect(new Set(local.map(d => d.result)).size).toBeGreaterThan(1);
    },
  );

  it('still allows service principals without asking the policy, as Backstage does', async () => {
    const credentials = mockCredentials.service('plugin:cost');
    await expect(
      permissions.authorize(
        basic.map(permission => ({ permission })),
        { credentials },
      ),
    ).resolves.toEqual(basic.map(() => ({ result: AuthorizeResult.ALLOW })));
  });
});

describe('PolicyPermissionsService', () => {
  const catalog = catalogServiceMock({ entities: orgEntities });
  const auth = mockServices.auth();
  const policy = AiPlatformPermissionPolicy.create({
    deciders: portalDeciders({
      config: mockServices.rootConfig({ data: config }),
      catalog,
      auth,
    }),
    logger: mockServices.logger.mock(),
  });
  const remote = {
    authorize: jest.fn(async (requests: unknown[]) =>
      requests.map(() => ({ result: AuthorizeResult.DENY })),
    ),
    authorizeConditional: jest.fn(),
  };
  const service = (enabled = true) =>
    PolicyPermissionsService.create({
      policy,
      auth,
      userInfo: mockServices.userInfo(),
      remote,
      enabled,
    });
  const credentials = mockCredentials.user('user:default/ana.assistant');

  beforeEach(() => jest.clearAllMocks());

  it('decides definitive answers locally and sends conditions on a resource ref to the permission backend, in order', async () => {
    const decisions = await service().authorize(
      [
        { permission: gpuRequestCreatePermission },
        { permission: gpuRequestReadPermission, resourceRef: 'grant-1' },
        { permission: gpuRequestApprovePermission, resourceRef: 'grant-1' },
        { permission: gpuRequestReadPermission, resourceRef: 'grant-2' },
      ],
      { credentials },
    );
    expect(decisions).toEqual([
      { result: AuthorizeResult.ALLOW },
      { result: AuthorizeResult.DENY },
      { result: AuthorizeResult.DENY },
      { result: AuthorizeResult.DENY },
    ]);
    expect(remote.authorize).toHaveBeenCalledTimes(1);
    expect(remote.authorize.mock.calls[0][0]).toEqual([
      { permission: gpuRequestReadPermission, resourceRef: 'grant-1' },
      { permission: gpuRequestReadPermission, resourceRef: 'grant-2' },
    ]);
  });

  it('leaves a resource permission without a resource ref to the permission backend', async () => {
    // The types require a ref; a JavaScript caller may still leave it out.
    const withoutRef = {
      permission: gpuRequestReadPermission,
    } as unknown as AuthorizePermissionRequest;
    await service().authorize([withoutRef], { credentials });
    expect(remote.authorize).toHaveBeenCalledWith(
      [{ permission: gpuRequestReadPermission }],
      { credentials },
    );
  });

  it('asks nothing locally when permissions are disabled', async () => {
    await service(false).authorize(
      [{ permission: gpuRequestCreatePermission }],
      { credentials },
    );
    expect(remote.authorize).toHaveBeenCalledTimes(1);
  });

  it('answers locally without calling the permission backend when every decision is definitive', async () => {
    await expect(
      service().authorize(
        [
          { permission: gpuRequestCreatePermission },
          { permission: gpuRequestApprovePermission, resourceRef: 'grant-1' },
        ],
        { credentials: mockCredentials.user('user:default/gina.gpu') },
      ),
    ).resolves.toEqual([
      { result: AuthorizeResult.ALLOW },
      { result: AuthorizeResult.ALLOW },
    ]);
    expect(remote.authorize).not.toHaveBeenCalled();
  });
});
