import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  V1RoleBinding,
} from '@kubernetes/client-node';
import { GpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import { GrantObjectsState, GrantProvisioner, GrantSpec } from '../types';
import { describeApiError, isNotFound, statusCodeOf } from './apiErrors';
import { FIELD_MANAGER, GRANT_LABELS } from './grantLabels';
import { grantNamespace } from './grantNamespace';
import { grantObjects } from './grantObjects';
import { isAppliedIn } from './isAppliedIn';
import { KubernetesClusters } from './KubernetesClusters';
import { toLabelValue } from './labelValue';
import { GrantQueues, grantQueueHeaders } from './schedulers/GrantQueues';
import { GrantSharing } from './schedulers/grantQueue';
import { warnOnMissingClusterQueue } from './schedulers/kueue';

type Header = Pick<KubernetesObject, 'apiVersion' | 'kind'> & {
  metadata: { name: string; namespace?: string };
};

function header(obj: KubernetesObject): Header {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: { name: obj.metadata!.name!, namespace: obj.metadata?.namespace },
  };
}

/** A step of an apply that failed: its object and the API's error. */
class FailedStep {
  constructor(readonly object: KubernetesObject, readonly error: unknown) {}
}

function describe(obj: KubernetesObject): string {
  return `${obj.kind}/${obj.metadata?.name}`;
}

/**
 * Puts grants on clusters with server-side apply (field manager
 * `ai-platform-gpu-provisioning`, forced, so a re-apply takes back fields
 * someone changed by hand) and takes them off by deleting their namespace
 * and, on KAI and Volcano clusters, their queue. See `grantObjects` for
 * what a grant consists of.
 */
export class KubernetesProvisioner implements GrantProvisioner {
  private readonly queues = new GrantQueues({
    read: (api, spec) => this.read(api, spec),
    serverSideApply: (api, obj) => this.serverSideApply(api, obj),
  });

  private constructor(
    private readonly clusters: KubernetesClusters,
    private readonly config: GpuProvisioningConfig,
    private readonly logger: LoggerService,
    private readonly sharingOf?: (
      grant: GrantSpec,
    ) => Promise<GrantSharing | undefined>,
  ) {}

  /** The grant's objects, with its team's share of its department when it has one. */
  private async objectsOf(grant: GrantSpec) {
    return grantObjects(grant, this.config, await this.sharingOf?.(grant));
  }

  static create(options: {
    clusters: KubernetesClusters;
    config: GpuProvisioningConfig;
    logger: LoggerService;
    /** On KAI and Volcano clusters, how far a grant of a sharing department's team may borrow. */
    sharingOf?: (grant: GrantSpec) => Promise<GrantSharing | undefined>;
  }): KubernetesProvisioner {
    return new KubernetesProvisioner(
      options.clusters,
      options.config,
      options.logger,
      options.sharingOf,
    );
  }

  /**
   * Applies the grant's objects: the namespace, then the limits (together),
   * then the RoleBinding, so access never exists without its limits.
   * Idempotent: applying what is already there changes nothing. A new grant
   * costs three round trips: the namespace is created (the usual case) and
   * only read when it already exists.
   *
   * All or nothing: when a step fails and this call created the namespace,
   * the namespace (with everything in it) is deleted before the error is
   * thrown. A namespace that already existed is never deleted here; it is
   * the grant's, and what was applied to it is what it should have.
   *
   * Refuses a namespace of the same name that belongs to something else
   * (no matching `ai-platform.io/grant-id` label) or is being deleted.
   */
  async apply(grant: GrantSpec): Promise<void> {
    const { request } = grant;
    const objects = await this.objectsOf(grant);
    const cluster = request.cluster;
    const api = this.clusters.objects(cluster);
    const namespace = objects.namespace.metadata!.name!;
    const context = { requestId: request.id, cluster, namespace };

    const created = await this.ensureNamespace(api, objects.namespace, grant);
    const limits = objects.namespaced.filter(o => o.kind !== 'RoleBinding');
    const bindings = objects.namespaced.filter(o => o.kind === 'RoleBinding');
    // Steps run together, so each failure carries its own object.
    const track = (obj: KubernetesObject, apply: () => Promise<void>) =>
      apply().catch(error => {
        throw new FailedStep(obj, error);
      });
    try {
      await Promise.all([
        ...objects.shared.map(obj =>
          track(obj, () => this.createIfMissing(api, obj)),
        ),
        ...objects.queues.map(queue =>
          track(queue, () => this.queues.apply(api, queue, grant)),
        ),
        ...limits.map(obj => track(obj, () => this.serverSideApply(api, obj))),
      ]);
      for (const obj of bindings) {
        await track(obj, async () => {
          if (!created) {
            await this.replaceChangedRoleRef(api, obj as V1RoleBinding);
          }
          await this.serverSideApply(api, obj);
        });
      }
    } catch (thrown) {
      const { object, error } =
        thrown instanceof FailedStep
          ? thrown
          : new FailedStep(objects.namespace, thrown);
      const message = `Could not apply ${describe(object)} of grant ${
        request.id
      } in namespace ${namespace} on cluster ${cluster}: ${describeApiError(
        error,
      )}`;
      if (created) {
        await this.rollBack(api, namespace, context);
        await this.queues
          .remove(api, objects.queues, grant)
          .catch(e => this.logRollBackFailure(e, context));
      }
      throw new Error(message, { cause: error });
    }
    if (objects.clusterQueue) {
      await warnOnMissingClusterQueue(api, objects.clusterQueue, {
        logger: this.logger,
        context,
      });
    }
    // Like a missing ClusterQueue: the grant stands (the platform team may
    // create the team's queue later), but its pods wait until then.
    for (const parent of await this.queues.missingParents(
      api,
      objects.queues,
    )) {
      this.logger.warn(
        "The team's parent queue of a grant queue does not exist; the grant's pods are not scheduled until it does",
        { ...context, parentQueue: parent },
      );
    }
    this.logger.debug('Applied grant objects', { ...context, created });
  }

  /**
   * Creates the grant's namespace, or, when one of that name exists, checks
   * it is the grant's and applies it again. Returns whether it was created.
   */
  private async ensureNamespace(
    api: KubernetesObjectApi,
    namespace: KubernetesObject,
    grant: GrantSpec,
  ): Promise<boolean> {
    const name = namespace.metadata!.name!;
    const cluster = grant.request.cluster;
    const failed = (error: unknown) =>
      new Error(
        `Could not apply ${describe(namespace)} of grant ${
          grant.request.id
        } on cluster ${cluster}: ${describeApiError(error)}`,
        { cause: error },
      );
    try {
      await api.create(namespace, undefined, undefined, FIELD_MANAGER);
      return true;
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw failed(error);
    }
    const existing = await this.read(api, header(namespace));
    if (!existing) {
      throw new Error(
        `Namespace ${name} on cluster ${cluster} was deleted while the grant was applied; it is applied again later`,
      );
    }
    this.checkOwnership(existing, grant, name, cluster);
    if (!isAppliedIn(namespace, existing)) {
      await this.serverSideApply(api, namespace).catch(error => {
        throw failed(error);
      });
    }
    return false;
  }

  /**
   * Deletes the grant's namespace, and with it every object in it, then its
   * queue (KAI or Volcano: cluster-scoped, so not deleted with the
   * namespace). Idempotent: a namespace or queue already gone, or a
   * namespace being deleted, is fine. A namespace or queue of that name that
   * is not the grant's is left alone.
   */
  async remove(grant: GrantSpec): Promise<void> {
    const api = this.clusters.objects(grant.request.cluster);
    await this.removeNamespace(api, grant);
    try {
      await this.queues.remove(
        api,
        grantQueueHeaders(grant, this.config),
        grant,
      );
    } catch (error) {
      throw new Error(
        `Could not remove the queue of grant ${grant.request.id} on cluster ${
          grant.request.cluster
        }: ${describeApiError(error)}`,
        { cause: error },
      );
    }
  }

  private async removeNamespace(
    api: KubernetesObjectApi,
    grant: GrantSpec,
  ): Promise<void> {
    const { request } = grant;
    const cluster = request.cluster;
    const namespace = grantNamespace(request);
    const context = { requestId: request.id, cluster, namespace };
    const live = await this.read(api, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    if (!live || live.metadata?.deletionTimestamp) return;
    if (!this.isGrantNamespace(live, grant)) {
      this.logger.warn(
        'Not deleting a namespace that does not belong to the grant',
        context,
      );
      return;
    }
    try {
      await api.delete(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
      );
    } catch (error) {
      if (!isNotFound(error)) {
        throw new Error(
          `Could not delete namespace ${namespace} of grant ${
            request.id
          } on cluster ${cluster}: ${describeApiError(error)}`,
          { cause: error },
        );
      }
    }
    this.logger.debug('Deleted grant namespace', context);
  }

  /**
   * Compares the cluster with what `apply` would set. A namespace being
   * deleted, or one that is not the grant's, counts as gone. Objects are
   * named `Kind/name` in `drifted`; a missing object is drift too.
   */
  async inspect(grant: GrantSpec): Promise<GrantObjectsState> {
    const objects = await this.objectsOf(grant);
    const api = this.clusters.objects(grant.request.cluster);
    const namespace = await this.read(api, header(objects.namespace));
    if (
      !namespace ||
      namespace.metadata?.deletionTimestamp ||
      !this.isGrantNamespace(namespace, grant)
    ) {
      return { namespaceExists: false, drifted: [] };
    }
    const drifted: string[] = [];
    if (!isAppliedIn(objects.namespace, namespace)) {
      drifted.push(describe(objects.namespace));
    }
    const lives = await Promise.all(
      objects.namespaced.map(obj => this.read(api, header(obj))),
    );
    objects.namespaced.forEach((obj, i) => {
      const live = lives[i];
      if (!live || !isAppliedIn(obj, live)) drifted.push(describe(obj));
    });
    drifted.push(...(await this.queues.drifted(api, objects.queues)));
    return { namespaceExists: true, drifted };
  }

  private isGrantNamespace(live: KubernetesObject, grant: GrantSpec): boolean {
    return (
      live.metadata?.labels?.[GRANT_LABELS.grantId] ===
      toLabelValue(grant.request.id)
    );
  }

  private checkOwnership(
    live: KubernetesObject,
    grant: GrantSpec,
    namespace: string,
    cluster: string,
  ) {
    if (live.metadata?.deletionTimestamp) {
      throw new Error(
        `Namespace ${namespace} on cluster ${cluster} is being deleted; the grant is applied again once it is gone`,
      );
    }
    if (!this.isGrantNamespace(live, grant)) {
      throw new ConflictError(
        `Namespace ${namespace} on cluster ${cluster} exists and does not belong to grant ${grant.request.id}`,
      );
    }
  }

  private async read(
    api: KubernetesObjectApi,
    spec: Header,
  ): Promise<KubernetesObject | undefined> {
    try {
      return await api.read(spec);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new Error(
        `Could not read ${spec.kind}/${spec.metadata.name}${
          spec.metadata.namespace ? ` in ${spec.metadata.namespace}` : ''
        }: ${describeApiError(error)}`,
        { cause: error },
      );
    }
  }

  private async serverSideApply(
    api: KubernetesObjectApi,
    obj: KubernetesObject,
  ) {
    await api.patch(
      obj,
      undefined,
      undefined,
      FIELD_MANAGER,
      true,
      PatchStrategy.ServerSideApply,
    );
  }

  /** Shared objects (a Kueue ResourceFlavor) may be managed by the platform team: create, never change. */
  private async createIfMissing(
    api: KubernetesObjectApi,
    obj: KubernetesObject,
  ) {
    if (await this.read(api, header(obj))) return;
    try {
      await api.create(obj, undefined, undefined, FIELD_MANAGER);
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
    }
  }

  /** `roleRef` cannot change; a binding to another role (config changed) is replaced. */
  private async replaceChangedRoleRef(
    api: KubernetesObjectApi,
    binding: V1RoleBinding,
  ) {
    const live = (await this.read(api, header(binding))) as
      | V1RoleBinding
      | undefined;
    if (!live) return;
    const same =
      live.roleRef?.kind === binding.roleRef.kind &&
      live.roleRef?.name === binding.roleRef.name &&
      live.roleRef?.apiGroup === binding.roleRef.apiGroup;
    if (same) return;
    try {
      await api.delete(header(binding));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private async rollBack(
    api: KubernetesObjectApi,
    namespace: string,
    context: Record<string, string>,
  ) {
    try {
      await api.delete(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
      );
      this.logger.info('Rolled back a partly applied grant', context);
    } catch (error) {
      if (isNotFound(error)) return;
      this.logRollBackFailure(error, context);
    }
  }

  /** The lifecycle loop removes what is left when it gives up on the grant. */
  private logRollBackFailure(error: unknown, context: Record<string, string>) {
    this.logger.error('Could not roll back a partly applied grant', {
      ...context,
      error: describeApiError(error),
    });
  }
}
