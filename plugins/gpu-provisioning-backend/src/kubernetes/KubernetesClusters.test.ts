import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { KubernetesClusters } from './KubernetesClusters';

const NO_TOKEN_FILE = '/nonexistent/token';

function clustersOf(
  clusterLocatorMethods: object[],
  inClusterTokenPath = NO_TOKEN_FILE,
) {
  const logger = mockServices.logger.mock();
  const clusters = KubernetesClusters.fromConfig(
    new ConfigReader({ kubernetes: { clusterLocatorMethods } }),
    { logger, inClusterTokenPath, inClusterCaPath: '/nonexistent/ca.crt' },
  );
  return { clusters, logger };
}

const prod = {
  name: 'gpu-prod',
  title: 'Production',
  url: 'https://prod.example.com:6443',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'prod-token',
  caData: Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64'),
};

describe('KubernetesClusters', () => {
  const directories: string[] = [];
  afterAll(() =>
    directories.forEach(d => rmSync(d, { recursive: true, force: true })),
  );

  it('builds a KubeConfig from the cluster config alone', () => {
    const { clusters } = clustersOf([{ type: 'config', clusters: [prod] }]);
    const kc = clusters.kubeConfig('gpu-prod');
    expect(kc.getCurrentCluster()).toEqual(
      expect.objectContaining({
        name: 'gpu-prod',
        server: 'https://prod.example.com:6443',
        caData: prod.caData,
        skipTLSVerify: false,
      }),
    );
    expect(kc.getCurrentUser()).toEqual(
      expect.objectContaining({ token: 'prod-token' }),
    );
    expect(kc.getContexts()).toHaveLength(1);
    expect(clusters.details('gpu-prod').title).toBe('Production');
  });

  it.each([
    [
      'caFile',
      { caFile: '/etc/ca.pem', caData: undefined },
      { caFile: '/etc/ca.pem' },
    ],
    ['skipTLSVerify', { skipTLSVerify: true }, { skipTLSVerify: true }],
  ])('passes %s through', (_case, change, expected) => {
    const { clusters } = clustersOf([
      { type: 'config', clusters: [{ ...prod, ...change }] },
    ]);
    expect(clusters.kubeConfig('gpu-prod').getCurrentCluster()).toEqual(
      expect.objectContaining(expected),
    );
  });

  it('reads the token and auth provider from authMetadata too', () => {
    const { clusters } = clustersOf([
      {
        type: 'config',
        clusters: [
          {
            name: 'gpu-dev',
            url: 'https://dev.example.com',
            authMetadata: {
              'kubernetes.io/auth-provider': 'serviceAccount',
              serviceAccountToken: 'dev-token',
            },
          },
        ],
      },
    ]);
    expect(clusters.kubeConfig('gpu-dev').getCurrentUser()?.token).toBe(
      'dev-token',
    );
  });

  it('reads the clusters of every config locator and ignores the other locators', () => {
    const { clusters, logger } = clustersOf([
      { type: 'config', clusters: [prod] },
      { type: 'catalog' },
      { type: 'config', clusters: [{ ...prod, name: 'gpu-dev' }] },
    ]);
    expect(clusters.names()).toEqual(['gpu-prod', 'gpu-dev']);
    expect(logger.info).toHaveBeenCalledWith(expect.any(String), {
      type: 'catalog',
    });
  });

  it('has no clusters without kubernetes config', () => {
    const clusters = KubernetesClusters.fromConfig(new ConfigReader({}), {
      logger: mockServices.logger.mock(),
    });
    expect(clusters.names()).toEqual([]);
  });

  it('names an unknown cluster', () => {
    const { clusters } = clustersOf([{ type: 'config', clusters: [prod] }]);
    expect(() => clusters.objects('gpu-mars')).toThrow(NotFoundError);
    expect(() => clusters.core('gpu-mars')).toThrow(
      "No Kubernetes cluster named 'gpu-mars' in kubernetes.clusterLocatorMethods (known: gpu-prod)",
    );
  });

  it('refuses duplicate cluster names', () => {
    expect(() =>
      clustersOf([{ type: 'config', clusters: [prod, prod] }]),
    ).toThrow("Duplicate Kubernetes cluster name 'gpu-prod'");
  });

  it.each([
    [
      'another auth provider',
      { ...prod, authProvider: 'oidc', serviceAccountToken: undefined },
      "Kubernetes cluster 'gpu-prod' uses the auth provider 'oidc'; GPU provisioning needs 'serviceAccount'",
    ],
    [
      'no token outside a cluster',
      { ...prod, serviceAccountToken: undefined },
      "Kubernetes cluster 'gpu-prod' has no serviceAccountToken and the backend runs outside a cluster",
    ],
  ])(
    'keeps a cluster with %s listed, failing by name',
    (_case, cluster, message) => {
      const { clusters, logger } = clustersOf([
        { type: 'config', clusters: [cluster] },
      ]);
      expect(clusters.names()).toEqual(['gpu-prod']);
      expect(() => clusters.kubeConfig('gpu-prod')).toThrow(message);
      expect(logger.warn).toHaveBeenCalledWith(expect.any(String), {
        cluster: 'gpu-prod',
        reason: message,
      });
    },
  );

  it("uses the pod's service account token when the cluster has none", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sa-'));
    directories.push(dir);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'in-cluster-token');
    const { clusters } = clustersOf(
      [
        {
          type: 'config',
          clusters: [{ ...prod, serviceAccountToken: undefined }],
        },
      ],
      tokenFile,
    );
    expect(
      clusters.kubeConfig('gpu-prod').getCurrentUser()?.authProvider,
    ).toEqual({
      name: 'tokenFile',
      config: { tokenFile },
    });
  });

  it('uses the suite registry it is given instead of reading config', () => {
    const registry = ClusterRegistry.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [{ type: 'config', clusters: [prod] }],
        },
      }),
    );
    const clusters = KubernetesClusters.fromConfig(new ConfigReader({}), {
      logger: mockServices.logger.mock(),
      registry,
    });
    expect(clusters.names()).toEqual(['gpu-prod']);
    expect(clusters.core('gpu-prod')).toBe(
      registry.makeApiClient('gpu-prod', CoreV1Api),
    );
  });
});
