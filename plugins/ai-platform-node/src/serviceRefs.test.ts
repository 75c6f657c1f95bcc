import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { aiPlatformClustersServiceRef } from './clusters/aiPlatformClustersServiceRef';
import { GpuClassCatalog } from './gpuClasses/GpuClassCatalog';
import { aiPlatformGpuClassesServiceRef } from './gpuClasses/aiPlatformGpuClassesServiceRef';

const data = {
  kubernetes: {
    clusterLocatorMethods: [
      { type: 'catalog' },
      {
        type: 'config',
        clusters: [
          {
            name: 'gpu-prod',
            url: 'https://prod.example.com:6443',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'prod-token',
          },
          {
            name: 'gpu-oidc',
            url: 'https://oidc.example.com',
            authProvider: 'oidc',
          },
        ],
      },
    ],
  },
  gpuProvisioning: {
    gpuClasses: [
      {
        id: 'h100',
        productLabel: 'NVIDIA-H100-80GB-HBM3',
        memoryMiB: 81559,
        hourlyRate: 4.5,
      },
    ],
  },
};

/** Two plugins resolving the refs, to show they share one root instance. */
function capturing(
  pluginId: string,
  seen: Array<[ClusterRegistry, GpuClassCatalog]>,
) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: {
          clusters: aiPlatformClustersServiceRef,
          gpuClasses: aiPlatformGpuClassesServiceRef,
          logger: coreServices.logger,
        },
        async init({ clusters, gpuClasses }) {
          seen.push([clusters, gpuClasses]);
        },
      });
    },
  });
}

describe('the AI Platform service refs', () => {
  it('give every backend the same registry and catalog from the root config, logging what cannot be used once', async () => {
    const seen: Array<[ClusterRegistry, GpuClassCatalog]> = [];
    const rootLogger = mockServices.rootLogger.mock({
      child: () => mockServices.logger.mock(),
    });
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({ data }),
        rootLogger.factory,
        capturing('first', seen),
        capturing('second', seen),
      ],
    });
    try {
      expect(seen).toHaveLength(2);
      const [[clusters, gpuClasses], [otherClusters, otherGpuClasses]] = seen;
      expect(otherClusters).toBe(clusters);
      expect(otherGpuClasses).toBe(gpuClasses);
      expect(clusters.usableClusters().map(c => c.name)).toEqual(['gpu-prod']);
      expect(gpuClasses.list().map(c => c.id)).toEqual(['h100']);
      expect(rootLogger.info).toHaveBeenCalledWith(
        'AI Platform backends ignore a Kubernetes cluster locator that is not of type config',
        { type: 'catalog' },
      );
      expect(rootLogger.warn).toHaveBeenCalledTimes(1);
      expect(rootLogger.warn).toHaveBeenCalledWith(
        'AI Platform backends cannot use a Kubernetes cluster',
        {
          cluster: 'gpu-oidc',
          reason: expect.stringContaining("uses the auth provider 'oidc'"),
        },
      );
    } finally {
      await backend.stop();
    }
  });

  it('fail start-up on malformed config, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          mockServices.rootConfig.factory({
            data: {
              gpuProvisioning: { gpuClasses: [{ id: 'h100', memoryMiB: -1 }] },
            },
          }),
          capturing('first', []),
        ],
      }),
    ).rejects.toThrow(
      'gpuProvisioning.gpuClasses[0].memoryMiB must be a positive number',
    );
  });
});
