import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { isNotFound } from '../apiErrors';

/**
 * Logs a warning when the team's Kueue ClusterQueue a grant's LocalQueue
 * points at does not exist: the grant is applied (the platform team may
 * create the queue later), but its workloads are not admitted until then.
 */
export async function warnOnMissingClusterQueue(
  api: KubernetesObjectApi,
  name: string,
  options: { logger: LoggerService; context: Record<string, string> },
): Promise<void> {
  try {
    await api.read({
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'ClusterQueue',
      metadata: { name },
    });
  } catch (error) {
    if (isNotFound(error)) {
      options.logger.warn(
        'The team ClusterQueue of a grant LocalQueue does not exist; its workloads will not be admitted',
        { ...options.context, clusterQueue: name },
      );
    }
  }
}
