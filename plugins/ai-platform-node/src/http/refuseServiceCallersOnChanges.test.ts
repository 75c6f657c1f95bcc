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
      serviceRoutes: ['POST /for-services'],
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
});
