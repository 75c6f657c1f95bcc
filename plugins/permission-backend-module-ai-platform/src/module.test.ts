import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { orgEntities } from './__fixtures__/org';
import permissionModuleAiPlatform from '.';

function backendWith(data: object) {
  return startTestBackend({
    features: [
      permissionPlugin,
      permissionModuleAiPlatform,
      catalogServiceMock.factory({ entities: orgEntities }),
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true }, ...data },
      }),
    ],
  });
}

describe('permissionModuleAiPlatform', () => {
  it('installs the portal policy into the permission backend', async () => {
    const { server } = await backendWith({
      aiPlatform: {
        permissions: { platformAdmins: ['group:default/platform-engineering'] },
      },
    });
    const check = (userEntityRef: string) =>
      request(server)
        .post('/api/permission/authorize')
        .set('authorization', mockCredentials.user.header(userEntityRef))
        .send({ items: [{ id: '1', permission: kubernetesProxyPermission }] });

    const guest = await check('user:default/guest');
    expect(guest.status).toBe(200);
    expect(guest.body.items).toEqual([
      { id: '1', result: AuthorizeResult.DENY },
    ]);
    const admin = await check('user:default/priya.platform');
    expect(admin.body.items).toEqual([
      { id: '1', result: AuthorizeResult.ALLOW },
    ]);
  });

  it('refuses to start with a malformed entry, naming its config key', async () => {
    await expect(
      backendWith({
        aiPlatform: {
          permissions: { catalogAdmins: ['platform-engineering'] },
        },
      }),
    ).rejects.toThrow(
      /aiPlatform\.permissions\.catalogAdmins\[0\] must be an entity ref with a kind/,
    );
  });
});
