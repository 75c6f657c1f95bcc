import { KubernetesObject } from '@kubernetes/client-node';
import { applyOwnedObject } from '../kubernetes/applyOwnedObject';
import { KubernetesClusters } from '../kubernetes/KubernetesClusters';
import { isNotFound, statusCodeOf } from '../kubernetes/apiErrors';
import { FIELD_MANAGER } from '../kubernetes/grantLabels';
import { KUEUE_API_VERSION } from './teamClusterQueue';

/** Reads and applies Kueue ClusterQueues on the configured clusters. */
export interface ClusterQueueStore {
  /** Every ClusterQueue of a cluster, with spec and status: one list call. */
  list(cluster: string): Promise<KubernetesObject[]>;
  /**
   * Server-side applies a ClusterQueue the portal owns. One of the same name
   * the portal did not create is left alone: answers `not-ours`.
   */
  apply(
    cluster: string,
    queue: KubernetesObject,
  ): Promise<'applied' | 'not-ours'>;
  /** Creates a shared object (a ResourceFlavor) when missing; never changes it. */
  createIfMissing(cluster: string, object: KubernetesObject): Promise<void>;
  /** Every LocalQueue of a cluster, in all namespaces: one list call. */
  listLocalQueues(cluster: string): Promise<KubernetesObject[]>;
  /** Deletes a ClusterQueue; one already gone is not an error. */
  remove(cluster: string, name: string): Promise<void>;
}

/** {@link ClusterQueueStore} through each cluster's `@kubernetes/client-node` client. */
export class KubernetesClusterQueues implements ClusterQueueStore {
  static create(options: { clusters: KubernetesClusters }) {
    return new KubernetesClusterQueues(options.clusters);
  }

  private constructor(private readonly clusters: KubernetesClusters) {}

  async list(cluster: string): Promise<KubernetesObject[]> {
    const list = await this.clusters
      .objects(cluster)
      .list(KUEUE_API_VERSION, 'ClusterQueue');
    return list.items;
  }

  apply(
    cluster: string,
    queue: KubernetesObject,
  ): Promise<'applied' | 'not-ours'> {
    return applyOwnedObject(this.clusters.objects(cluster), queue);
  }

  async createIfMissing(
    cluster: string,
    object: KubernetesObject,
  ): Promise<void> {
    if (await this.read(cluster, object)) return;
    try {
      await this.clusters
        .objects(cluster)
        .create(object, undefined, undefined, FIELD_MANAGER);
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
    }
  }

  async listLocalQueues(cluster: string): Promise<KubernetesObject[]> {
    const list = await this.clusters
      .objects(cluster)
      .list(KUEUE_API_VERSION, 'LocalQueue');
    return list.items;
  }

  async remove(cluster: string, name: string): Promise<void> {
    try {
      await this.clusters.objects(cluster).delete({
        apiVersion: KUEUE_API_VERSION,
        kind: 'ClusterQueue',
        metadata: { name },
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private async read(cluster: string, object: KubernetesObject) {
    try {
      return await this.clusters.objects(cluster).read({
        apiVersion: object.apiVersion!,
        kind: object.kind!,
        metadata: { name: object.metadata!.name! },
      });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
