import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { DefaultRootHttpRouter } from '@backstage/backend-defaults/rootHttpRouter';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  EntityProvider,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { Handler, Router } from 'express';
import { suiteFeatures } from '../../suiteFeatures';

const originalUse = DefaultRootHttpRouter.prototype.use;

/** The config every suite plugin needs to start, with nothing reachable. */
export const suiteTestConfig: JsonObject = {
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'gpu-prod',
            url: 'https://127.0.0.1:9',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'unused',
            skipTLSVerify: true,
          },
        ],
      },
    ],
  },
  gpuProvisioning: {
    gpuClasses: [
      {
        id: 'h100',
        displayName: 'NVIDIA H100 80GB',
        productLabel: 'NVIDIA-H100-80GB-HBM3',
        memoryMiB: 81559,
        hourlyRate: 4.5,
      },
    ],
    policy: {
      maxDurationHours: 720,
      approvalThresholdGpuHours: 200,
      defaultQuota: { h100: 8 },
    },
    approvers: ['group:default/platform-engineering'],
  },
  gpuMetrics: {
    prometheus: [{ cluster: '*', url: 'http://127.0.0.1:9' }],
    clusterLabel: 'cluster',
  },
  modelCatalog: { kserve: { enabled: false }, registries: [] },
};

/** A plugin's router as the HTTP router service mounted it. */
export interface MountedRouter {
  pluginId: string;
  router: Router;
}

/**
 * Starts every plugin and module of the suite (`suiteFeatures`, exactly what
 * the portal's backend adds) behind Backstage's real HTTP router, with the
 * routers each plugin mounted recorded. The core plugins the modules extend
 * are replaced by their extension points, so only the suite's routes exist;
 * the entity providers the catalog modules add are returned unconnected, for
 * a test to connect and refresh.
 */
export async function startSuiteBackend(options?: {
  entities?: Entity[];
  config?: JsonObject;
  features?: unknown[];
}) {
  // The test backend mounts each plugin's router on a DefaultRootHttpRouter:
  // record what is mounted, and mount it as usual.
  const mounted: MountedRouter[] = [];
  const entityProviders: EntityProvider[] = [];
  const use = jest.spyOn(DefaultRootHttpRouter.prototype, 'use');
  use.mockImplementation(function record(
    this: DefaultRootHttpRouter,
    path: string,
    handler: Handler,
  ) {
    mounted.push({
      pluginId: path.replace(/^\/api\//, ''),
      router: handler as Router,
    });
    originalUse.call(this, path, handler);
  });

  try {
    const backend = await startTestBackend({
      features: [
        ...suiteFeatures,
        ...((options?.features ?? []) as []),
        mockServices.rootConfig.factory({
          data: { ...suiteTestConfig, ...options?.config },
        }),
        // No header means no credentials (the default would be a user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.scheduler.mock().factory,
        catalogServiceMock.factory({ entities: options?.entities ?? [] }),
        actionsRegistryServiceFactory,
      ],
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addProcessor: () => {},
            addEntityProvider: (
              ...providers: Array<EntityProvider | EntityProvider[]>
            ) => {
              entityProviders.push(...providers.flat());
            },
            addPlaceholderResolver: () => {},
            setOnProcessingErrorHandler: () => {},
          },
        ],
        [scaffolderActionsExtensionPoint, { addActions: () => {} }],
        [policyExtensionPoint, { setPolicy: () => {} }],
      ],
    });
    return {
      mounted,
      entityProviders,
      baseUrl: `http://127.0.0.1:${backend.server.port()}`,
      stop: () => backend.stop(),
    };
  } finally {
    use.mockRestore();
  }
}
