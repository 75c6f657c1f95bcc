import { ConfigReader } from '@backstage/config';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
import { KubernetesPods } from './KubernetesPods';

const kubernetes = {
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        {
          name: 'gpu-prod',
          url: 'https://prod.example.com',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'token',
        },
        {
          name: 'gpu-oidc',
          url: 'https://oidc.example.com',
          authProvider: 'oidc',
        },
      ],
    },
  ],
};

describe('KubernetesPods', () => {
  it('lists the clusters of the kubernetes config', () => {
    const pods = KubernetesPods.fromConfig(new ConfigReader({ kubernetes }));
    expect(pods.clusters()).toEqual(['gpu-prod', 'gpu-oidc']);
  });

  it('uses the suite registry it is given, and refuses a cluster it cannot use by name', async () => {
    const pods = KubernetesPods.fromConfig(new ConfigReader({}), {
      clusters: ClusterRegistry.fromConfig(new ConfigReader({ kubernetes })),
    });
    expect(pods.clusters()).toEqual(['gpu-prod', 'gpu-oidc']);
    await expect(pods.listLabelledPods('gpu-oidc', 'app=x')).rejects.toThrow(
      "Kubernetes cluster 'gpu-oidc' uses the auth provider 'oidc'",
    );
  });
});
