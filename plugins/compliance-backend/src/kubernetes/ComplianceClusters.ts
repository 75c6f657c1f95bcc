import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { ClusterSnapshot, KubeObject } from './types';

interface ClusterEntry {
  name: string;
  kubeConfig?: KubeConfig;
  /** Why this cluster cannot be read, when it cannot. */
  unusable?: string;
}

/** Reads cluster snapshots; {@link ComplianceClusters} in production. */
export interface ClusterSnapshotSource {
  /** The configured clusters' names. */
  names(): string[];
  /** Reads one cluster; rejects with a message naming the cluster. */
  snapshot(cluster: string): Promise<ClusterSnapshot>;
}

const AUTH_PROVIDER_KEY = 'kubernetes.io/auth-provider';

/**
 * The clusters of Backstage's `kubernetes` config (`config` locators with the
 * `serviceAccount` auth provider and a token), each read through a
 * `@kubernetes/client-node` client built with `KubeConfig.loadFromOptions`,
 * never from an ambient kubeconfig.
 */
export class ComplianceClusters implements ClusterSnapshotSource {
  private constructor(
    private readonly entries: Map<string, ClusterEntry>,
    private readonly logger: LoggerService,
  ) {}

  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): ComplianceClusters {
    const entries = new Map<string, ClusterEntry>();
    for (const method of config.getOptionalConfigArray(
      'kubernetes.clusterLocatorMethods',
    ) ?? []) {
      if (method.getString('type') !== 'config') continue;
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        const name = c.getString('name');
        const authMetadata = c.getOptional<JsonObject>('authMetadata') ?? {};
        const meta = (key: string) =>
          typeof authMetadata[key] === 'string'
            ? (authMetadata[key] as string)
            : undefined;
        const authProvider =
          meta(AUTH_PROVIDER_KEY) ?? c.getOptionalString('authProvider') ?? '';
        const token =
          c.getOptionalString('serviceAccountToken') ??
          meta('serviceAccountToken');
        if (authProvider !== 'serviceAccount' || !token) {
          const unusable = `Kubernetes cluster '${name}' needs the serviceAccount auth provider and a serviceAccountToken for compliance checks`;
          options.logger.warn('Compliance cannot read a Kubernetes cluster', {
            cluster: name,
            reason: unusable,
          });
          entries.set(name, { name, unusable });
          continue;
        }
        const kubeConfig = new KubeConfig();
        const user = { name: `${name}-compliance`, token };
        kubeConfig.loadFromOptions({
          clusters: [
            {
              name,
              server: c.getString('url'),
              caData: c.getOptionalString('caData'),
              caFile: c.getOptionalString('caFile'),
              skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
            },
          ],
          users: [user],
          contexts: [{ name, cluster: name, user: user.name }],
          currentContext: name,
        });
        entries.set(name, { name, kubeConfig });
      }
    }
    return new ComplianceClusters(entries, options.logger);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  async snapshot(cluster: string): Promise<ClusterSnapshot> {
    const entry = this.entries.get(cluster);
    if (!entry) throw new Error(`Unknown Kubernetes cluster '${cluster}'`);
    if (!entry.kubeConfig) throw new Error(entry.unusable);
    const kc = entry.kubeConfig;
    const core = kc.makeApiClient(CoreV1Api);
    const net = kc.makeApiClient(NetworkingV1Api);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const items = (list: { items: unknown[] }) => list.items as KubeObject[];
    try {
      const [
        namespaces,
        pods,
        quotas,
        networkPolicies,
        clusterRoleBindings,
        roleBindings,
        policyReports,
      ] = await Promise.all([
        core.listNamespace().then(items),
        core.listPodForAllNamespaces().then(items),
        core.listResourceQuotaForAllNamespaces().then(items),
        net.listNetworkPolicyForAllNamespaces().then(items),
        rbac.listClusterRoleBinding().then(items),
        rbac.listRoleBindingForAllNamespaces().then(items),
        custom
          .listCustomObjectForAllNamespaces({
            group: 'wgpolicyk8s.io',
            version: 'v1alpha2',
            plural: 'policyreports',
          })
          .then(r => items(r as { items: unknown[] })),
      ]);
      return {
        cluster,
        readAt: new Date().toISOString(),
        namespaces,
        pods,
        quotas,
        networkPolicies,
        clusterRoleBindings,
        roleBindings,
        policyReports,
      };
    } catch (error) {
      // The client's messages carry the API server's address: logged here,
      // never put in the facts users see.
      const status = (error as { code?: unknown }).code;
      this.logger.warn('Compliance could not read a Kubernetes cluster', {
        cluster,
        error: String(error).slice(0, 2000),
      });
      throw new Error(
        `Kubernetes cluster '${cluster}' could not be read${
          typeof status === 'number' ? ` (HTTP ${status})` : ''
        }; see the backend logs`,
      );
    }
  }
}
