import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { ClusterRegistry } from './ClusterRegistry';

const NO_FILE = '/nonexistent/token';

function registryOf(clusterLocatorMethods: object[], tokenPath = NO_FILE) {
  return ClusterRegistry.fromConfig(
    mockServices.rootConfig({
      data: { kubernetes: { clusterLocatorMethods } },
    }),
    { inClusterTokenPath: tokenPath, inClusterCaPath: '/nonexistent/ca.crt' },
  );
}

const prod = {
  name: 'gpu-prod',
  title: 'Production',
  url: 'https://prod.example.com:6443',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'prod-token',
  caData: Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64'),
  dashboardUrl: 'https://dashboard.example.com',
};

describe('ClusterRegistry', () => {
  const directories: string[] = [];
  afterAll(() =>
    directories.forEach(d => rmSync(d, { recursive: true, force: true })),
  );

  it('lists clusters with their metadata and no credential', () => {
    const registry = registryOf([{ type: 'config', clusters: [prod] }]);
    const [cluster] = registry.listClusters();
    expect(cluster).toEqual({
      name: 'gpu-prod',
      title: 'Production',
      url: 'https://prod.example.com:6443',
      authProvider: 'serviceAccount',
      skipTLSVerify: false,
      skipMetricsLookup: false,
      caData: prod.caData,
      caFile: undefined,
      dashboardUrl: 'https://dashboard.example.com',
      dashboardApp: undefined,
    });
    expect(JSON.stringify(registry.listClusters())).not.toContain('prod-token');
    expect(registry.getCluster('gpu-prod').title).toBe('Production');
  });

  it('builds a KubeConfig from the cluster config alone', () => {
    const kc = registryOf([{ type: 'config', clusters: [prod] }]).kubeConfig(
      'gpu-prod',
    );
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
  });

  it('makes each API client once per cluster', () => {
    const registry = registryOf([
      {
        type: 'config',
        clusters: [prod, { ...prod, name: 'gpu-dev' }],
      },
    ]);
    const core = registry.makeApiClient('gpu-prod', CoreV1Api);
    expect(core).toBeInstanceOf(CoreV1Api);
    expect(registry.makeApiClient('gpu-prod', CoreV1Api)).toBe(core);
    expect(registry.makeApiClient('gpu-dev', CoreV1Api)).not.toBe(core);
    expect(registry.makeApiClient('gpu-prod', CustomObjectsApi)).toBeInstanceOf(
      CustomObjectsApi,
    );
    expect(registry.objects('gpu-prod')).toBe(registry.objects('gpu-prod'));
  });

  it.each([
    [
      'authMetadata',
      {
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 'meta-token',
        },
      },
      'meta-token',
    ],
    [
      'a token without an auth provider',
      { serviceAccountToken: 'bare-token' },
      'bare-token',
    ],
  ])('reads the credential from %s', (_case, change, token) => {
    const registry = registryOf([
      {
        type: 'config',
        clusters: [
          { name: 'gpu-dev', url: 'https://dev.example.com', ...change },
        ],
      },
    ]);
    expect(registry.getCluster('gpu-dev').authProvider).toBe('serviceAccount');
    expect(registry.kubeConfig('gpu-dev').getCurrentUser()?.token).toBe(token);
  });

  it('reads every config locator and reports the others', () => {
    const registry = registryOf([
      { type: 'config', clusters: [prod] },
      { type: 'catalog' },
      { type: 'config', clusters: [{ ...prod, name: 'gpu-dev' }] },
    ]);
    expect(registry.listClusters().map(c => c.name)).toEqual([
      'gpu-prod',
      'gpu-dev',
    ]);
    expect(registry.ignoredLocatorTypes()).toEqual(['catalog']);
  });

  it('has no clusters without kubernetes config', () => {
    expect(
      ClusterRegistry.fromConfig(new ConfigReader({})).listClusters(),
    ).toEqual([]);
  });

  it('names an unknown cluster', () => {
    const registry = registryOf([{ type: 'config', clusters: [prod] }]);
    expect(() => registry.getCluster('gpu-mars')).toThrow(NotFoundError);
    expect(() => registry.makeApiClient('gpu-mars', CoreV1Api)).toThrow(
      "No Kubernetes cluster named 'gpu-mars' in kubernetes.clusterLocatorMethods (known: gpu-prod)",
    );
  });

  it.each([
    [
      'a duplicate name',
      [prod, prod],
      "Duplicate Kubernetes cluster name 'gpu-prod' at kubernetes.clusterLocatorMethods[0].clusters[1].name (first at kubernetes.clusterLocatorMethods[0].clusters[0].name)",
    ],
    [
      'a URL that is not one',
      [{ ...prod, url: 'not a url with secret-in-it' }],
      "kubernetes.clusterLocatorMethods[0].clusters[0].url of cluster 'gpu-prod' is not a URL",
    ],
  ])('refuses %s, naming the key', (_case, clusters, message) => {
    const read = () => registryOf([{ type: 'config', clusters }]);
    expect(read).toThrow(InputError);
    expect(read).toThrow(message);
    expect(read).not.toThrow(/secret-in-it/);
  });

  it("names the config key of a cluster's missing field", () => {
    expect(() =>
      registryOf([{ type: 'config', clusters: [{ name: 'gpu-prod' }] }]),
    ).toThrow('kubernetes.clusterLocatorMethods[0].clusters[0].url');
  });

  it.each([
    [
      'another auth provider',
      { ...prod, authProvider: 'oidc', serviceAccountToken: undefined },
      {
        reason: 'auth-provider',
        authProvider: 'oidc',
        message:
          "Kubernetes cluster 'gpu-prod' uses the auth provider 'oidc' (kubernetes.clusterLocatorMethods[0].clusters[0].authProvider); AI Platform backends act for themselves and need 'serviceAccount'",
      },
    ],
    [
      'another auth provider, even with a token',
      { ...prod, authProvider: 'google' },
      expect.objectContaining({
        reason: 'auth-provider',
        authProvider: 'google',
      }),
    ],
    [
      'no auth provider and no token',
      { name: 'gpu-prod', url: prod.url },
      expect.objectContaining({ reason: 'auth-provider', authProvider: '' }),
    ],
    [
      'no token outside a cluster',
      { ...prod, serviceAccountToken: undefined },
      {
        reason: 'no-credential',
        message:
          "Kubernetes cluster 'gpu-prod' has no serviceAccountToken (kubernetes.clusterLocatorMethods[0].clusters[0].serviceAccountToken) and the backend runs outside a cluster",
      },
    ],
  ])(
    'keeps a cluster with %s listed, unusable by name',
    (_case, cluster, unusable) => {
      const registry = registryOf([{ type: 'config', clusters: [cluster] }]);
      expect(registry.getCluster('gpu-prod').unusable).toEqual(unusable);
      expect(registry.usableClusters()).toEqual([]);
      expect(() => registry.kubeConfig('gpu-prod')).toThrow(
        ServiceUnavailableError,
      );
      expect(() => registry.makeApiClient('gpu-prod', CoreV1Api)).toThrow(
        "Kubernetes cluster 'gpu-prod'",
      );
    },
  );

  it("uses the pod's service account token and CA when the cluster has none", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sa-'));
    directories.push(dir);
    const tokenFile = join(dir, 'token');
    const caFile = join(dir, 'ca.crt');
    writeFileSync(tokenFile, 'in-cluster-token');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----');
    const registry = ClusterRegistry.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'gpu-prod',
                  url: prod.url,
                  authProvider: 'serviceAccount',
                },
              ],
            },
          ],
        },
      }),
      { inClusterTokenPath: tokenFile, inClusterCaPath: caFile },
    );
    const kc = registry.kubeConfig('gpu-prod');
    expect(kc.getCurrentUser()?.authProvider).toEqual({
      name: 'tokenFile',
      config: { tokenFile },
    });
    expect(kc.getCurrentCluster()?.caFile).toBe(caFile);
  });
});
