import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { productionReadinessPlugin } from './productionReadinessPlugin';

describe('productionReadinessPlugin', () => {
  it('refuses to start a production backend, naming each missing setting', async () => {
    await expect(
      startTestBackend({
        features: [
          productionReadinessPlugin,
          mockServices.rootConfig.factory({
            data: {
              auth: { environment: 'production', providers: {} },
              backend: { database: { client: 'better-sqlite3' } },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /cannot start in production: auth\.providers: .*backend\.database\.client: better-sqlite3 .*kubernetes\.clusterLocatorMethods/,
    );
  });

  it('starts a complete production backend', async () => {
    const backend = await startTestBackend({
      features: [
        productionReadinessPlugin,
        mockServices.rootConfig.factory({
          data: {
            auth: { environment: 'production', providers: { oidc: {} } },
            backend: { database: { client: 'pg' } },
            kubernetes: {
              clusterLocatorMethods: [
                { type: 'config', clusters: [{ name: 'a', url: 'https://a' }] },
              ],
            },
          },
        }),
      ],
    });
    expect(backend.server.port()).toBeGreaterThan(0);
    await backend.stop();
  });

  it('only logs in development', async () => {
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        productionReadinessPlugin,
        logger.factory,
        mockServices.rootConfig.factory({
          data: { auth: { environment: 'development' } },
        }),
      ],
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('Not production-ready'),
      expect.objectContaining({ problems: expect.any(Array) }),
    );
    await backend.stop();
  });
});
