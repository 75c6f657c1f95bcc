import {
  KubernetesObject,
  V1Namespace,
  V1NetworkPolicy,
  V1ResourceQuota,
  V1RoleBinding,
} from '@kubernetes/client-node';
import {
  GpuProvisioningConfig,
  gpuResourceOf,
  migResourcesOf,
  quotaKeyOf,
} from '../config/GpuProvisioningConfig';
import { schedulerOf } from '../config/schedulerConfig';
import { GrantSpec } from '../types';
import { clusterQueueName, flavorName } from '../kueue/clusterQueueName';
import { grantNamespace } from './grantNamespace';
import {
  GRANT_ANNOTATIONS,
  GRANT_LABELS,
  GRANT_OBJECT_NAMES,
  MANAGED_BY,
} from './grantLabels';
import { isLabelValue, toLabelValue } from './labelValue';
import {
  GrantQueue,
  GrantQueueInput,
  GrantSharing,
} from './schedulers/grantQueue';
import { kaiGrantQueue } from './schedulers/kai';
import { volcanoGrantQueue } from './schedulers/volcano';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const KUEUE_VERSION = 'kueue.x-k8s.io/v1beta2';
/** Annotation values are for people; a bound keeps catalog data from bloating objects. */
const MAX_ANNOTATION = 1024;

/** The objects of one grant, as server-side apply should leave them. */
export interface GrantObjects {
  namespace: V1Namespace;
  /**
   * The objects inside the namespace, in apply order: limits first
   * (ResourceQuota or LocalQueue, then the NetworkPolicy), the RoleBinding
   * last, so a half-applied grant never gives access without its limits.
   */
  namespaced: KubernetesObject[];
  /**
   * Cluster-scoped objects that grants share (Kueue's ResourceFlavor):
   * created when missing, never changed or removed by a grant.
   */
  shared: KubernetesObject[];
  /**
   * Cluster-scoped objects of this grant alone (a KAI or Volcano queue,
   * named after the namespace): applied with the limits, and deleted with
   * the namespace, which does not take them along.
   */
  queues: GrantQueue[];
  /** The Kueue ClusterQueue the LocalQueue points at (kueue mode). */
  clusterQueue?: string;
}

function annotation(value: string): string {
  return value.length > MAX_ANNOTATION ? value.slice(0, MAX_ANNOTATION) : value;
}

function withValues(
  entries: Array<[string, string | undefined]>,
): Record<string, string> {
  return Object.fromEntries(
    entries.filter((e): e is [string, string] => e[1] !== undefined),
  );
}

/**
 * The Kubernetes objects a grant should have, built only from the request,
 * the team's facts and config. Catalog and user data reach names only
 * through `namespaceName`, and labels only through `toLabelValue`; the
 * readable originals go into annotations.
 */
export function grantObjects(
  grant: GrantSpec,
  config: GpuProvisioningConfig,
  sharing?: GrantSharing,
): GrantObjects {
  const { request } = grant;
  const gpuClass = config.gpuClasses.find(c => c.id === request.gpuClass);
  if (!gpuClass) {
    throw new Error(
      `GPU class '${request.gpuClass}' of grant ${request.id} is not configured`,
    );
  }
  const namespace = grantNamespace(request);
  const team = toLabelValue(grant.teamName);
  if (!team) {
    throw new Error(`Team '${request.team}' has no usable name for Kubernetes`);
  }
  const grantId = toLabelValue(request.id);
  if (!grantId) throw new Error(`Grant id '${request.id}' is not usable`);
  const entityName = request.entityRef?.split('/').pop();
  const expiresAt = request.expiresAt ? new Date(request.expiresAt) : undefined;
  const common = {
    [GRANT_LABELS.managedBy]: MANAGED_BY,
    [GRANT_LABELS.grantId]: grantId,
  };

  const ns: V1Namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: withValues([
        [GRANT_LABELS.managedBy, MANAGED_BY],
        [GRANT_LABELS.team, team],
        [GRANT_LABELS.grantId, grantId],
        [GRANT_LABELS.dataClassification, request.dataClassification],
        [GRANT_LABELS.costCenter, toLabelValue(grant.costCenter)],
        [
          GRANT_LABELS.expiresAt,
          expiresAt
            ? String(Math.floor(expiresAt.getTime() / 1000))
            : undefined,
        ],
        [
          GRANT_LABELS.entity,
          isLabelValue(entityName) ? entityName : undefined,
        ],
        ['pod-security.kubernetes.io/enforce', config.podSecurity],
        ['pod-security.kubernetes.io/enforce-version', 'latest'],
        ['pod-security.kubernetes.io/warn', config.podSecurity],
        ['pod-security.kubernetes.io/warn-version', 'latest'],
        ['pod-security.kubernetes.io/audit', config.podSecurity],
        ['pod-security.kubernetes.io/audit-version', 'latest'],
      ]),
      annotations: withValues([
        [GRANT_ANNOTATIONS.requestedBy, annotation(request.requestedBy)],
        [GRANT_ANNOTATIONS.team, annotation(request.team)],
        [
          GRANT_ANNOTATIONS.entityRef,
          request.entityRef ? annotation(request.entityRef) : undefined,
        ],
        [GRANT_ANNOTATIONS.expiresAt, expiresAt?.toISOString()],
        [GRANT_ANNOTATIONS.purpose, request.purpose],
        [
          GRANT_ANNOTATIONS.costCenter,
          grant.costCenter ? annotation(grant.costCenter) : undefined,
        ],
        [GRANT_ANNOTATIONS.gpus, `${request.count} x ${quotaKeyOf(request)}`],
        [
          GRANT_ANNOTATIONS.nodeSelector,
          `nvidia.com/gpu.product=${gpuClass.productLabel}`,
        ],
      ]),
    },
  };

  const namespaced: KubernetesObject[] = [];
  const shared: KubernetesObject[] = [];
  const queues: GrantQueue[] = [];
  let clusterQueue: string | undefined;
  const meta = (name: string) => ({ name, namespace, labels: { ...common } });
  const scheduler = schedulerOf(config, request.cluster);

  if (scheduler === 'kueue') {
    clusterQueue = clusterQueueName(
      config.clusterQueueTemplate,
      grant.teamName,
    );
    const flavor = flavorName(config.kueueFlavors, gpuClass.id);
    shared.push({
      apiVersion: KUEUE_VERSION,
      kind: 'ResourceFlavor',
      metadata: {
        name: flavor,
        labels: { [GRANT_LABELS.managedBy]: MANAGED_BY },
      },
      spec: { nodeLabels: { 'nvidia.com/gpu.product': gpuClass.productLabel } },
    } as KubernetesObject);
    namespaced.push({
      apiVersion: KUEUE_VERSION,
      kind: 'LocalQueue',
      metadata: meta(GRANT_OBJECT_NAMES.localQueue),
      spec: { clusterQueue },
    } as KubernetesObject);
  } else {
    // On KAI and Volcano clusters the quota is the hard guard: pods that
    // bypass the scheduler stay bounded too.
    // A sharing team's grant may hold what it may borrow, too.
    namespaced.push(
      grantQuota(
        grant,
        config,
        meta(GRANT_OBJECT_NAMES.quota),
        sharing?.borrowable ?? 0,
      ),
    );
    const input: GrantQueueInput = {
      name: namespace,
      teamName: grant.teamName,
      labels: { ...common, [GRANT_LABELS.team]: team },
      annotations: withValues(
        Object.entries(ns.metadata!.annotations!).filter(
          ([key]) => key !== GRANT_ANNOTATIONS.nodeSelector,
        ),
      ),
      gpuResource: gpuResourceOf(request),
      count: request.count,
      ...(sharing ? { sharing } : {}),
    };
    if (scheduler === 'kai') queues.push(kaiGrantQueue(input, config.kai));
    if (scheduler === 'volcano') {
      queues.push(volcanoGrantQueue(input, config.volcano));
    }
  }

  if (
    request.dataClassification === 'confidential' ||
    request.dataClassification === 'restricted'
  ) {
    const policy: V1NetworkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(GRANT_OBJECT_NAMES.networkPolicy),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    };
    namespaced.push(policy);
  }

  const binding: V1RoleBinding = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: meta(GRANT_OBJECT_NAMES.roleBinding),
    roleRef: {
      apiGroup: RBAC_GROUP,
      kind: 'ClusterRole',
      name: config.clusterRole,
    },
    subjects: [
      {
        apiGroup: RBAC_GROUP,
        kind: 'Group',
        name: config.groupNameTemplate.replace(/\{team\}/g, team),
      },
    ],
  };
  namespaced.push(binding);

  return { namespace: ns, namespaced, shared, queues, clusterQueue };
}

/**
 * The grant's ResourceQuota. A quota bounds only the resources it names:
 * every GPU resource the portal knows is listed, at 0 unless it is the one
 * granted.
 */
function grantQuota(
  grant: GrantSpec,
  config: GpuProvisioningConfig,
  metadata: V1ResourceQuota['metadata'],
  borrowable: number,
): V1ResourceQuota {
  const { request } = grant;
  const resources = new Set<string>([
    'nvidia.com/gpu',
    ...migResourcesOf(config.gpuClasses),
  ]);
  const granted = gpuResourceOf(request);
  resources.add(granted);
  const hard = Object.fromEntries(
    [...resources]
      .sort()
      .map(r => [
        `requests.${r}`,
        String(r === granted ? request.count + borrowable : 0),
      ]),
  );
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata, spec: { hard } };
}
