import { existsSync } from 'node:fs';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { NotFoundError } from '@backstage/errors';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  User,
} from '@kubernetes/client-node';

/** Where a pod finds its service account's token and the cluster's CA. */
const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const IN_CLUSTER_CA = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

/** The `auth-provider` key of Backstage's `authMetadata` block. */
const AUTH_PROVIDER_KEY = 'kubernetes.io/auth-provider';

/**
 * A cluster of `kubernetes.clusterLocatorMethods[type=config].clusters`, with
 * the fields of Backstage's `ClusterDetails` this plugin uses.
 */
export interface KubernetesClusterDetails {
  name: string;
  title?: string;
  url: string;
  authProvider: string;
  skipTLSVerify: boolean;
  /** Base64 PEM of the API server's CA. */
  caData?: string;
  caFile?: string;
}

interface ClusterEntry {
  details: KubernetesClusterDetails;
  /** Why this cluster cannot be used, when it cannot. */
  unusable?: string;
  user?: User;
  objects?: KubernetesObjectApi;
  core?: CoreV1Api;
}

/**
 * The clusters of Backstage's `kubernetes` config and a
 * `@kubernetes/client-node` client for each, built from the cluster's own
 * URL, CA and service account token with `KubeConfig.loadFromOptions`, never
 * from an ambient kubeconfig.
 *
 * Only `config` cluster locators are read, and only the `serviceAccount`
 * auth provider can act for the plugin (the others authenticate as the
 * signed-in user, which a background task has not got). A cluster that
 * cannot be used stays listed and fails with a message naming it, so one bad
 * entry does not take the others down.
 */
export class KubernetesClusters {
  private constructor(private readonly entries: Map<string, ClusterEntry>) {}

  /** Reads `kubernetes.clusterLocatorMethods`; no `kubernetes` config means no clusters. */
  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      /** The service account token file used when a cluster has no token; the pod's by default. */
      inClusterTokenPath?: string;
      /** The CA file used with that token when a cluster has no CA; the pod's by default. */
      inClusterCaPath?: string;
    },
  ): KubernetesClusters {
    const tokenPath = options.inClusterTokenPath ?? IN_CLUSTER_TOKEN;
    const caPath = options.inClusterCaPath ?? IN_CLUSTER_CA;
    const entries = new Map<string, ClusterEntry>();
    const methods =
      config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
    for (const method of methods) {
      const type = method.getString('type');
      if (type !== 'config') {
        options.logger.info(
          'GPU provisioning ignores a Kubernetes cluster locator that is not of type config',
          { type },
        );
        continue;
      }
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        const name = c.getString('name');
        if (entries.has(name)) {
          throw new Error(`Duplicate Kubernetes cluster name '${name}'`);
        }
        // Read raw, as Backstage does: its keys (`kubernetes.io/...`) are not config keys.
        const authMetadata = c.getOptional<JsonObject>('authMetadata') ?? {};
        const fromMetadata = (key: string) =>
          typeof authMetadata[key] === 'string'
            ? (authMetadata[key] as string)
            : undefined;
        const authProvider =
          fromMetadata(AUTH_PROVIDER_KEY) ??
          c.getOptionalString('authProvider') ??
          '';
        const details: KubernetesClusterDetails = {
          name,
          title: c.getOptionalString('title'),
          url: c.getString('url'),
          authProvider,
          skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
          caData: c.getOptionalString('caData'),
          caFile: c.getOptionalString('caFile'),
        };
        const token =
          c.getOptionalString('serviceAccountToken') ??
          fromMetadata('serviceAccountToken');
        const entry: ClusterEntry = { details };
        if (authProvider !== 'serviceAccount') {
          entry.unusable = `Kubernetes cluster '${name}' uses the auth provider '${
            authProvider || '(none)'
          }'; GPU provisioning needs 'serviceAccount'`;
        } else if (token) {
          entry.user = { name: `${name}-service-account`, token };
        } else if (existsSync(tokenPath)) {
          entry.user = {
            name: `${name}-service-account`,
            authProvider: {
              name: 'tokenFile',
              config: { tokenFile: tokenPath },
            },
          };
          if (!details.caData && !details.caFile && existsSync(caPath)) {
            details.caFile = caPath;
          }
        } else {
          entry.unusable = `Kubernetes cluster '${name}' has no serviceAccountToken and the backend runs outside a cluster`;
        }
        if (entry.unusable) {
          options.logger.warn(
            'GPU provisioning cannot use a Kubernetes cluster',
            {
              cluster: name,
              reason: entry.unusable,
            },
          );
        }
        entries.set(name, entry);
      }
    }
    return new KubernetesClusters(entries);
  }

  /** Every configured cluster's name, usable or not. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** A cluster's details; throws `NotFoundError` naming an unknown cluster. */
  details(cluster: string): KubernetesClusterDetails {
    return this.entry(cluster).details;
  }

  /** A KubeConfig for one cluster; throws for an unknown or unusable one. */
  kubeConfig(cluster: string): KubeConfig {
    const entry = this.entry(cluster);
    if (entry.unusable || !entry.user) {
      throw new Error(
        entry.unusable ?? `Kubernetes cluster '${cluster}' has no credential`,
      );
    }
    const { details } = entry;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: details.name,
          server: details.url,
          caData: details.caData,
          caFile: details.caFile,
          skipTLSVerify: details.skipTLSVerify,
        },
      ],
      users: [entry.user],
      contexts: [
        { name: details.name, cluster: details.name, user: entry.user.name },
      ],
      currentContext: details.name,
    });
    return kc;
  }

  /** The generic object client of a cluster (server-side apply, any kind). */
  objects(cluster: string): KubernetesObjectApi {
    const entry = this.entry(cluster);
    entry.objects ??= KubernetesObjectApi.makeApiClient(
      this.kubeConfig(cluster),
    );
    return entry.objects;
  }

  /** The core/v1 client of a cluster. */
  core(cluster: string): CoreV1Api {
    const entry = this.entry(cluster);
    entry.core ??= this.kubeConfig(cluster).makeApiClient(CoreV1Api);
    return entry.core;
  }

  private entry(cluster: string): ClusterEntry {
    const entry = this.entries.get(cluster);
    if (!entry) {
      throw new NotFoundError(
        `No Kubernetes cluster named '${cluster}' in kubernetes.clusterLocatorMethods (known: ${
          this.names().join(', ') || 'none'
        })`,
      );
    }
    return entry;
  }
}
