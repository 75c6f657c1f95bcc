import {
  coreServices,
  createBackendPlugin,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  kubernetesPermissions,
  kubernetesProxyPermission,
} from '@backstage/plugin-kubernetes-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  BasicPermission,
  createPermission,
  isResourcePermission,
  Permission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';
import { approvalsPermissions } from '@ai-platform/plugin-approvals-common';
import { compliancePermissions } from '@ai-platform/plugin-compliance-common';
import { costPermissions } from '@ai-platform/plugin-cost-common';
import { gpuMetricsPermissions } from '@ai-platform/plugin-gpu-metrics-common';
import { gpuProvisioningPermissions } from '@ai-platform/plugin-gpu-provisioning-common';
import request from 'supertest';
import { orgEntities, orgUsers } from './__fixtures__/org';
import permissionModuleAiPlatform from '.';

/**
 * The policy matrix: the real policy module, installed in a backend with the
 * real permission backend and a catalog holding a small organisation, asked
 * for every permission of the suite and of Backstage's core table by every
 * kind of caller.
 *
 * Permissions are enumerated from the lists the `-common` packages export,
 * so a permission added later without a row here (and a rule in the policy)
 * fails the test.
 */

// Every list is written in a different case from the catalog's, so the
// whole matrix also checks that refs compare case-insensitively.
const config = {
  permission: { enabled: true },
  aiPlatform: {
    permissions: {
      platformAdmins: ['Group:Default/Platform-Engineering'],
      catalogAdmins: ['group:default/Catalog-Admins'],
    },
  },
  gpuProvisioning: { approvers: ['group:default/GPU-Infrastructure'] },
  cost: { admins: ['GROUP:default/finance'] },
  compliance: { approvers: ['group:default/Compliance-Officers'] },
  gpuMetrics: { fleetViewers: ['User:default/Fred.Fleet'] },
};

type Role =
  | 'gpuApprover'
  | 'costAdmin'
  | 'complianceApprover'
  | 'catalogAdmin'
  | 'platformAdmin'
  | 'fleetViewer';

interface Caller {
  label: string;
  ref: string;
  groups: string[];
  role?: Role;
}

function caller(label: string, name: string, role?: Role): Caller {
  return {
    label,
    ref: `user:default/${name}`,
    groups: orgUsers[name].map(g => `group:default/${g}`),
    role,
  };
}

const callers: Caller[] = [
  caller('guest (two teams)', 'guest'),
  caller('team member', 'ana.assistant'),
  caller('member of another team', 'vera.vision'),
  caller('GPU approver', 'gina.gpu', 'gpuApprover'),
  caller('cost admin', 'fiona.finance', 'costAdmin'),
  caller('compliance approver', 'carla.compliance', 'complianceApprover'),
  caller('catalog admin', 'cato.catalog', 'catalogAdmin'),
  caller('platform admin', 'priya.platform', 'platformAdmin'),
  caller('fleet viewer', 'fred.fleet', 'fleetViewer'),
];

type Decision = Record<string, unknown> & { result: AuthorizeResult };
type Outcome =
  | AuthorizeResult.ALLOW
  | AuthorizeResult.DENY
  | ((c: Caller) => Decision);

/** The expected decision for a signed-in caller, and the roles that get another. */
type Row = { signedIn: Outcome } & Partial<Record<Role, Outcome>>;

const ALLOW = AuthorizeResult.ALLOW;
const DENY = AuthorizeResult.DENY;

function conditional(
  pluginId: string,
  resourceType: string,
  conditions: unknown,
): Decision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId,
    resourceType,
    conditions,
  };
}

// The conditions are written out, not built with the module's helpers.
const entityOwner = (c: Caller) =>
  conditional('catalog', 'catalog-entity', {
    resourceType: 'catalog-entity',
    rule: 'IS_ENTITY_OWNER',
    params: { claims: [c.ref, ...c.groups] },
  });
const taskOwner = (c: Caller) =>
  conditional('scaffolder', 'scaffolder-task', {
    resourceType: 'scaffolder-task',
    rule: 'IS_TASK_OWNER',
    params: { createdBy: [c.ref] },
  });
const requesterOrTeam = (c: Caller) =>
  conditional('gpu-provisioning', 'gpu-request', {
    anyOf: [
      {
        resourceType: 'gpu-request',
        rule: 'IS_REQUESTER',
        params: { userRefs: [c.ref] },
      },
      {
        resourceType: 'gpu-request',
        rule: 'IS_TEAM',
        params: { teamRefs: c.groups },
      },
    ],
  });
const costTeamOrAncestor = (c: Caller) =>
  conditional('cost', 'cost-subject', {
    resourceType: 'cost-subject',
    rule: 'IS_TEAM_OR_ANCESTOR',
    params: { groupRefs: c.groups },
  });
const costAncestor = (c: Caller) =>
  conditional('cost', 'cost-subject', {
    resourceType: 'cost-subject',
    rule: 'IS_ANCESTOR',
    params: { groupRefs: c.groups },
  });
const usageTeamOrAncestor = (c: Caller) =>
  conditional('gpu-metrics', 'gpu-usage-subject', {
    resourceType: 'gpu-usage-subject',
    rule: 'IS_TEAM_OR_ANCESTOR',
    params: { groupRefs: c.groups },
  });

const everyone: Row = { signedIn: ALLOW };
const catalogAdmins: Row = {
  signedIn: DENY,
  catalogAdmin: ALLOW,
  platformAdmin: ALLOW,
};

/** The table: permission name to who gets what. */
const table: Record<string, Row> = {
  // Backstage's catalog
  'catalog.entity.read': everyone,
  'catalog.entity.refresh': everyone,
  'catalog.entity.validate': everyone,
  'catalog.location.read': everyone,
  'catalog.entity.delete': {
    signedIn: entityOwner,
    catalogAdmin: ALLOW,
    platformAdmin: ALLOW,
  },
  'catalog.entity.create': catalogAdmins,
  'catalog.location.create': catalogAdmins,
  'catalog.location.analyze': catalogAdmins,
  'catalog.location.delete': catalogAdmins,
  'catalog.ingestion.read': catalogAdmins,
  'catalog.ingestion.manage': catalogAdmins,
  // Backstage's scaffolder
  'scaffolder.template.parameter.read': everyone,
  'scaffolder.template.step.read': everyone,
  'scaffolder.action.execute': everyone,
  'scaffolder.task.create': everyone,
  'scaffolder.task.read': { signedIn: taskOwner, platformAdmin: ALLOW },
  'scaffolder.task.cancel': { signedIn: taskOwner, platformAdmin: ALLOW },
  'scaffolder.template.dry-run': catalogAdmins,
  'scaffolder.template.management': catalogAdmins,
  // Backstage's Kubernetes plugin
  'kubernetes.clusters.read': everyone,
  'kubernetes.resources.read': everyone,
  'kubernetes.proxy': { signedIn: DENY, platformAdmin: ALLOW },
  // GPU provisioning
  'gpu.capacity.read': everyone,
  'gpu.request.create': everyone,
  'gpu.request.read': { signedIn: requesterOrTeam, gpuApprover: ALLOW },
  'gpu.request.update': { signedIn: requesterOrTeam, gpuApprover: ALLOW },
  'gpu.request.approve': { signedIn: DENY, gpuApprover: ALLOW },
  'gpu.approver': { signedIn: DENY, gpuApprover: ALLOW },
  // GPU usage
  'gpu-metrics.usage.read': {
    signedIn: usageTeamOrAncestor,
    fleetViewer: ALLOW,
    platformAdmin: ALLOW,
  },
  'gpu-metrics.fleet.read': {
    signedIn: DENY,
    fleetViewer: ALLOW,
    platformAdmin: ALLOW,
  },
  // Cost
  'cost.read': { signedIn: costTeamOrAncestor, costAdmin: ALLOW },
  'cost.budget.manage': { signedIn: costAncestor, costAdmin: ALLOW },
  'cost.ingest': { signedIn: DENY, costAdmin: ALLOW },
  'cost.focus.export': { signedIn: DENY, costAdmin: ALLOW },
  // Compliance
  'compliance.score.read': everyone,
  'compliance.waiver.create': { signedIn: DENY, complianceApprover: ALLOW },
  'compliance.waiver.delete': { signedIn: DENY, complianceApprover: ALLOW },
  'compliance.evaluation.run': { signedIn: DENY, complianceApprover: ALLOW },
  'compliance.entity.evaluate': everyone,
  // Approvals: the backend checks the approval's own approver group.
  'approvals.approval.create': everyone,
  'approvals.approval.decide': everyone,
};

const suitePermissions: Permission[] = [
  ...gpuProvisioningPermissions,
  ...gpuMetricsPermissions,
  ...costPermissions,
  ...compliancePermissions,
  ...approvalsPermissions,
];
const corePermissions: Permission[] = [
  ...catalogPermissions,
  ...scaffolderPermissions,
  ...kubernetesPermissions,
];
const allPermissions = [...corePermissions, ...suitePermissions];

const unknownPermissions: Permission[] = [
  createPermission({ name: 'made.up.permission', attributes: {} }),
  createPermission({
    name: 'made.up.resource.read',
    attributes: { action: 'read' },
    resourceType: 'made-up-resource',
  }),
];

function expected(c: Caller, permissionName: string): Decision {
  const row = table[permissionName];
  const outcome = (c.role && row[c.role]) ?? row.signedIn;
  return typeof outcome === 'function' ? outcome(c) : { result: outcome };
}

/** A user token as a plugin forwards it on the user's behalf (with an actor). */
function forwardedUserToken(userEntityRef: string) {
  return mockCredentials.user.token(userEntityRef, {
    actor: { subject: 'plugin:catalog' },
  });
}

async function authorize(
  server: Parameters<typeof request>[0],
  authorization: string,
  permissions: Permission[],
) {
  return request(server)
    .post('/api/permission/authorize')
    .set('authorization', authorization)
    .send({
      items: permissions.map((permission, i) => ({
        id: String(i),
        permission,
      })),
    });
}

describe('policy matrix', () => {
  let server: Parameters<typeof request>[0];
  let permissions: PermissionsService;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    // A plugin that hands the test the permissions service every plugin
    // gets: the real ServerPermissionClient.
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
        permissionsServiceFactory,
        catalogServiceMock.factory({ entities: orgEntities }),
        logger.factory,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    server = backend.server;
  });

  it('has a row for every permission of the suite and of the core table, and no other', () => {
    const names = allPermissions.map(p => p.name);
    expect(names.filter(n => !(n in table))).toEqual([]);
    expect(Object.keys(table).filter(n => !names.includes(n))).toEqual([]);
  });

  it.each(callers)('decides every permission for the $label', async c => {
    const response = await authorize(
      server,
      `Bearer ${forwardedUserToken(c.ref)}`,
      [...allPermissions, ...unknownPermissions],
    );
    expect(response.status).toBe(200);
    const actual = Object.fromEntries(
      response.body.items.map(({ id, ...decision }: { id: string }) => [
        [...allPermissions, ...unknownPermissions][Number(id)].name,
        decision,
      ]),
    );
    const want = Object.fromEntries([
      ...allPermissions.map(p => [p.name, expected(c, p.name)]),
      ...unknownPermissions.map(p => [p.name, { result: DENY }]),
    ]);
    expect(actual).toEqual(want);
  });

  it('warns once per unknown permission name', async () => {
    const token = `Bearer ${forwardedUserToken('user:default/priya.platform')}`;
    await authorize(server, token, unknownPermissions);
    await authorize(server, token, unknownPermissions);
    const warned = logger.warn.mock.calls
      .map(([, meta]) => (meta as { permission?: string })?.permission)
      .filter(Boolean);
    expect(warned.sort()).toEqual(unknownPermissions.map(p => p.name).sort());
  });

  it('refuses a request without credentials before the policy is asked', async () => {
    const response = await authorize(
      server,
      mockCredentials.none.header(),
      allPermissions,
    );
    expect(response.status).toBe(401);
  });

  it('lets the real permission client allow service principals without asking the policy', async () => {
    // Backstage's ServerPermissionClient decides for service principals
    // itself (only a token's access restrictions can deny), so every
    // permission, even one no rule owns, is allowed. This is why routes
    // that change state refuse service callers themselves.
    const service = mockCredentials.service('plugin:cost');
    const basic = [...allPermissions, ...unknownPermissions].filter(
      (p): p is BasicPermission => !isResourcePermission(p),
    );
    const resource = [...allPermissions, ...unknownPermissions].filter(
      (p): p is ResourcePermission => isResourcePermission(p),
    );
    await expect(
      permissions.authorize(
        basic.map(permission => ({ permission })),
        { credentials: service },
      ),
    ).resolves.toEqual(basic.map(() => ({ result: ALLOW })));
    await expect(
      permissions.authorizeConditional(
        resource.map(permission => ({ permission })),
        { credentials: service },
      ),
    ).resolves.toEqual(resource.map(() => ({ result: ALLOW })));

    // The policy itself is never reached by a service: the permission
    // backend accepts only user (or, without the default auth policy, no)
    // credentials.
    const direct = await authorize(
      server,
      mockCredentials.service.header({
        onBehalfOf: service,
        targetPluginId: 'permission',
      }),
      basic,
    );
    expect(direct.status).toBe(403);
  });

  it('sends user checks from the same client to the policy', async () => {
    // The contrast to the service principal: the same client asks the
    // policy for a user, which denies the proxy to a non-admin.
    const proxy = kubernetesProxyPermission;
    await expect(
      permissions.authorize([{ permission: proxy }], {
        credentials: mockCredentials.user('user:default/guest'),
      }),
    ).resolves.toEqual([expect.objectContaining({ result: DENY })]);
    await expect(
      permissions.authorize([{ permission: proxy }], {
        credentials: mockCredentials.user('user:default/priya.platform'),
      }),
    ).resolves.toEqual([expect.objectContaining({ result: ALLOW })]);
  });
});

describe('policy matrix without identity', () => {
  it('denies every permission to a caller without identity', async () => {
    // Only a backend with the default auth policy disabled lets a request
    // without credentials reach the policy; it must still deny everything.
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleAiPlatform,
        catalogServiceMock.factory({ entities: orgEntities }),
        mockServices.rootConfig.factory({
          data: {
            ...config,
            backend: { auth: { dangerouslyDisableDefaultAuthPolicy: true } },
          },
        }),
      ],
    });
    const permissions = [...allPermissions, ...unknownPermissions];
    const response = await authorize(
      server,
      mockCredentials.none.header(),
      permissions,
    );
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual(
      permissions.map((_, i) => ({ id: String(i), result: DENY })),
    );
  });
});
