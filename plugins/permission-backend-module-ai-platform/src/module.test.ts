import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import permissionModuleAiPlatform from '.';

describe('permissionModuleAiPlatform', () => {
  it('installs the portal policy into the permission backend', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleAiPlatform,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    });

    const response = await request(server)
      .post('/api/permission/authorize')
      .send({
        items: [
          {
            id: 'check-1',
            permission: {
              type: 'basic',
              name: 'catalog.entity.create',
              attributes: { action: 'create' },
            },
          },
        ],
      });

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { id: 'check-1', result: AuthorizeResult.ALLOW },
    ]);
  });
});
