import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import request from 'supertest';
import { refuseServiceCallersOnChanges } from './refuseServiceCallersOnChanges';

function app() {
  const router = express();
  router.use(
    refuseServiceCallersOnChanges({
      httpAuth: mockServices.httpAuth(),
      serviceRoutes: ['POST /for-services', 'POST /requests/:id/withdraw'],
    }),
  );
  router.all('/*', (_req, res) => {
    res.json({ ok: true });
  });
  router.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return router;
}

describe('refuseServiceCallersOnChanges', () => {
  const service = mockCredentials.service.header();
  const user = mockCredentials.user.header('user:default/ada');

  it.each(['post', 'put', 'patch', 'delete'] as const)(
    'refuses a service on %s with 403',
    async method => {
      const res = await request(app())
        [method]('/budgets')
        .set('authorization', service);
      expect(res.status).toBe(403);
    },
  );

  it('lets users change state and services read', async () => {
    expect(
      (await request(app()).post('/budgets').set('authorization', user)).status,
    ).toBe(200);
    expect(
      (await request(app()).get('/budgets').set('authorization', service))
        .status,
    ).toBe(200);
  });

  it('lets services use the routes meant for them', async () => {
    const res = await request(app())
      .post('/for-services')
      .set('authorization', service);
    expect(res.status).toBe(200);
  });

  it('matches a :param route segment by segment, and nothing longer or shorter', async () => {
    const status = async (path: string) =>
      (await request(app()).post(path).set('authorization', service)).status;
    expect(await status('/requests/42/withdraw')).toBe(200);
    expect(await status('/requests/42/release')).toBe(403);
    expect(await status('/requests//withdraw')).toBe(403);
    expect(await status('/requests/42/withdraw/more')).toBe(403);
    expect(await status('/requests/withdraw')).toBe(403);
    expect(await status('/other/42/withdraw')).toBe(403);
  });
});
