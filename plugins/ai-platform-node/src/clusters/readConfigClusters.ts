import { existsSync } from 'node:fs';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import { JsonObject } from '@backstage/types';
import type { User } from '@kubernetes/client-node';
import { RegisteredCluster } from './types';

/** Where a pod finds its service account's token and the cluster's CA. */
export const IN_CLUSTER_TOKEN_PATH =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';
export const IN_CLUSTER_CA_PATH =
  '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

const LOCATORS_KEY = 'kubernetes.clusterLocatorMethods';

/** A configured cluster and, when usable, the user its clients act as. */
export interface ConfigCluster {
  cluster: RegisteredCluster;
  user?: User;
}

/** What `kubernetes.clusterLocatorMethods` holds, read. */
export interface ConfigClusters {
  clusters: ConfigCluster[];
  /** Types of the locators other than `config`, which the suite does not read. */
  ignoredLocatorTypes: string[];
}

/**
 * Reads the clusters of `kubernetes.clusterLocatorMethods[type=config]` as
 * Backstage's `ConfigClusterLocator` does, and applies the suite's one
 * credential rule: the `serviceAccount` auth provider (implied when a cluster
 * names none but has a `serviceAccountToken`) with the cluster's
 * `serviceAccountToken`, or the pod's own service account token when the
 * backend runs in a cluster. Other auth providers act as the signed-in user,
 * which a backend task has not got, so such clusters are listed but unusable.
 */
export function readConfigClusters(
  config: Config,
  options: { inClusterTokenPath?: string; inClusterCaPath?: string } = {},
): ConfigClusters {
  const tokenPath = options.inClusterTokenPath ?? IN_CLUSTER_TOKEN_PATH;
  const caPath = options.inClusterCaPath ?? IN_CLUSTER_CA_PATH;
  const clusters: ConfigCluster[] = [];
  const ignoredLocatorTypes: string[] = [];
  const keyOf = new Map<string, string>();
  const methods = config.getOptionalConfigArray(LOCATORS_KEY) ?? [];
  for (const [m, method] of methods.entries()) {
    const type = method.getString('type');
    if (type !== 'config') {
      ignoredLocatorTypes.push(type);
      continue;
    }
    for (const [i, c] of (
      method.getOptionalConfigArray('clusters') ?? []
    ).entries()) {
      const key = `${LOCATORS_KEY}[${m}].clusters[${i}]`;
      const name = c.getString('name');
      const first = keyOf.get(name);
      if (first) {
        throw new InputError(
          `Duplicate Kubernetes cluster name '${name}' at ${key}.name (first at ${first}.name)`,
        );
      }
      keyOf.set(name, key);
      const url = c.getString('url');
      if (!URL.canParse(url)) {
        // The value may carry credentials: name the key, not the value.
        throw new InputError(`${key}.url of cluster '${name}' is not a URL`);
      }
      // Read raw, as Backstage does: its keys (`kubernetes.io/...`) are not config keys.
      const authMetadata = c.getOptional<JsonObject>('authMetadata') ?? {};
      const fromMetadata = (k: string) =>
        typeof authMetadata[k] === 'string'
          ? (authMetadata[k] as string)
          : undefined;
      const token =
        c.getOptionalString('serviceAccountToken') ??
        fromMetadata('serviceAccountToken');
      const authProvider =
        fromMetadata(ANNOTATION_KUBERNETES_AUTH_PROVIDER) ??
        c.getOptionalString('authProvider') ??
        (token ? 'serviceAccount' : '');
      const cluster: RegisteredCluster = {
        name,
        title: c.getOptionalString('title'),
        url,
        authProvider,
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        skipMetricsLookup: c.getOptionalBoolean('skipMetricsLookup') ?? false,
        caData: c.getOptionalString('caData'),
        caFile: c.getOptionalString('caFile'),
        dashboardUrl: c.getOptionalString('dashboardUrl'),
        dashboardApp: c.getOptionalString('dashboardApp'),
      };
      const userName = `${name}-service-account`;
      if (authProvider !== 'serviceAccount') {
        cluster.unusable = {
          reason: 'auth-provider',
          authProvider,
          message: `Kubernetes cluster '${name}' uses the auth provider '${
            authProvider || '(none)'
          }' (${key}.authProvider); AI Platform backends act for themselves and need 'serviceAccount'`,
        };
        clusters.push({ cluster });
      } else if (token) {
        clusters.push({ cluster, user: { name: userName, token } });
      } else if (existsSync(tokenPath)) {
        if (!cluster.caData && !cluster.caFile && existsSync(caPath)) {
          cluster.caFile = caPath;
        }
        clusters.push({
          cluster,
          user: {
            name: userName,
            authProvider: {
              name: 'tokenFile',
              config: { tokenFile: tokenPath },
            },
          },
        });
      } else {
        cluster.unusable = {
          reason: 'no-credential',
          message: `Kubernetes cluster '${name}' has no serviceAccountToken (${key}.serviceAccountToken) and the backend runs outside a cluster`,
        };
        clusters.push({ cluster });
      }
    }
  }
  return { clusters, ignoredLocatorTypes };
}
