import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import {
  CoreAdmins,
  CoreRule,
  platformAdminsOnly,
  signedInUsers,
  tableDecider,
} from './tableDecider';
import { PermissionDecider } from './types';

/**
 * The Kubernetes plugin's permissions.
 *
 * @remarks
 * Everyone signed in reads clusters and the resources of entities (the
 * Kubernetes tab's workloads and pods). The proxy (`kubernetes.proxy`)
 * sends any request to a cluster with the backend's cluster credentials,
 * which can write namespaces, quotas and RoleBindings: platform admins only.
 * Pod logs, events, pod deletion and the exec terminal of the Kubernetes
 * tab go through the proxy.
 */
export function kubernetesDecider(admins: CoreAdmins): PermissionDecider {
  return tableDecider(
    'kubernetes',
    new Map<string, CoreRule>([
      [kubernetesClustersReadPermission.name, signedInUsers],
      [kubernetesResourcesReadPermission.name, signedInUsers],
      [kubernetesProxyPermission.name, platformAdminsOnly],
    ]),
    admins,
  );
}
