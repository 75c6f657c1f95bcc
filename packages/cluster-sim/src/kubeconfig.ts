import { stringify } from 'yaml';

/** One cluster entry of a kubeconfig. */
export interface KubeconfigCluster {
  name: string;
  server: string;
  token: string;
  /** PEM of the CA to trust; absent for plain HTTP. */
  caPem?: string;
}

/**
 * A kubeconfig with one context per cluster (named after the cluster), the
 * first one current, as `kubectl` and `KubeConfig.loadFromFile` read it.
 */
export function kubeconfigYaml(clusters: KubeconfigCluster[]): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: clusters.map(c => ({
      name: c.name,
      cluster: {
        server: c.server,
        ...(c.caPem
          ? {
              'certificate-authority-data': Buffer.from(c.caPem).toString(
                'base64',
              ),
            }
          : {}),
      },
    })),
    users: clusters.map(c => ({
      name: `${c.name}-admin`,
      user: { token: c.token },
    })),
    contexts: clusters.map(c => ({
      name: c.name,
      context: { cluster: c.name, user: `${c.name}-admin` },
    })),
    'current-context': clusters[0]?.name ?? '',
  });
}
