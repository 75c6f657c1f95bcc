import { suitePermissionBackendFeatures } from '@ai-platform/test-utils';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { testEntities } from '../__fixtures__/entities';
import { gpuMetricsPlugin } from '../plugin';

/**
 * Starts the real gpu-metrics plugin with the real permission backend (so
 * conditional decisions go through the plugin's own rule), the portal's
 * real permission policy module, the real actions registry and a catalog
 * of the test organisation. Requests without an Authorization header have no
 * credentials (401).
 */
export async function startTestGpuMetricsBackend(options: {
  config?: JsonObject;
  entities?: Entity[];
  auditor?: ReturnType<typeof mockServices.auditor.mock>;
}) {
  const gpuMetrics = (options.config?.gpuMetrics ?? {}) as JsonObject;
  const { server } = await startTestBackend({
    features: [
      gpuMetricsPlugin,
      ...suitePermissionBackendFeatures(),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          ...options.config,
          gpuMetrics: {
            fleetViewers: ['group:default/fleet-watchers'],
            ...gpuMetrics,
          },
        },
      }),
      catalogServiceMock.factory({
        entities: options.entities ?? testEntities,
      }),
      ...(options.auditor ? [options.auditor.factory] : []),
    ],
  });
  return { server };
}

/** The auth headers of a test user and of a service. */
export { asUser as as, asService } from '@ai-platform/test-utils';
