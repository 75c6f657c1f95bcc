import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
import {
  CoreV1Api,
  CustomObjectsApi,
  NetworkingV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { ClusterSnapshot, KubeObject } from './types';

/** Why compliance cannot read a cluster, in the words its facts show. */
function unusableReason(cluster: string): string {
  return `Kubernetes cluster '${cluster}' needs the serviceAccount auth provider and a serviceAccountToken for compliance checks`;
}

/** Reads cluster snapshots; {@link ComplianceClusters} in production. */
export interface ClusterSnapshotSource {
  /** The configured clusters' names. */
  names(): string[];
  /** Reads one cluster; rejects with a message naming the cluster. */
  snapshot(cluster: string): Promise<ClusterSnapshot>;
}

/**
 * The clusters of the suite's cluster registry
 * (`kubernetes.clusterLocatorMethods`, `config` locators with the
 * `serviceAccount` auth provider and a token), each read through the
 * registry's `@kubernetes/client-node` clients; credentials are the
 * registry's job.
 */
export class ComplianceClusters implements ClusterSnapshotSource {
  private constructor(
    private readonly registry: ClusterRegistry,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Over `options.clusters` (the injected `aiPlatformClustersServiceRef`) or,
   * without one, the `kubernetes` config.
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; clusters?: ClusterRegistry },
  ): ComplianceClusters {
    const registry = options.clusters ?? ClusterRegistry.fromConfig(config);
    for (const { name, unusable } of registry.listClusters()) {
      if (unusable) {
        options.logger.warn('Compliance cannot read a Kubernetes cluster', {
          cluster: name,
          reason: unusableReason(name),
        });
      }
    }
    return new ComplianceClusters(registry, options.logger);
  }

  names(): string[] {
    return this.registry.listClusters().map(c => c.name);
  }

  async snapshot(cluster: string): Promise<ClusterSnapshot> {
    if (this.registry.getCluster(cluster).unusable) {
      throw new Error(unusableReason(cluster));
    }
    const core = this.registry.makeApiClient(cluster, CoreV1Api);
    const net = this.registry.makeApiClient(cluster, NetworkingV1Api);
    const rbac = this.registry.makeApiClient(cluster, RbacAuthorizationV1Api);
    const custom = this.registry.makeApiClient(cluster, CustomObjectsApi);
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
