/**
 * The API resources the emulator serves: the ones the portal's plugins and the
 * Backstage Kubernetes plugin use, with the names, scopes and verbs a real
 * apiserver advertises in discovery.
 */

/** One served resource of one group version. */
export interface ResourceType {
  /** API group, `''` for the core group. */
  group: string;
  /** Versions served, the storage version first. */
  versions: string[];
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  categories: string[];
  /** Whether it has a `/status` subresource. */
  hasStatus: boolean;
  /** Built-in types omit `kind`/`apiVersion` on list items; custom resources keep them. */
  builtIn: boolean;
}

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function resource(
  group: string,
  versions: string[],
  kind: string,
  plural: string,
  options: Partial<
    Omit<ResourceType, 'group' | 'versions' | 'kind' | 'plural'>
  >,
): ResourceType {
  return {
    group,
    versions,
    kind,
    plural,
    singular: options.singular ?? kind.toLowerCase(),
    shortNames: options.shortNames ?? [],
    namespaced: options.namespaced ?? true,
    categories: options.categories ?? [],
    hasStatus: options.hasStatus ?? false,
    builtIn: options.builtIn ?? true,
  };
}

const KUEUE = 'kueue.x-k8s.io';
const kueueVersions = ['v1beta2', 'v1beta1'];

/** Every resource the emulator serves. */
export const RESOURCE_TYPES: ResourceType[] = [
  resource('', ['v1'], 'Namespace', 'namespaces', {
    shortNames: ['ns'],
    namespaced: false,
    hasStatus: true,
  }),
  resource('', ['v1'], 'Node', 'nodes', {
    shortNames: ['no'],
    namespaced: false,
    hasStatus: true,
  }),
  resource('', ['v1'], 'Pod', 'pods', {
    shortNames: ['po'],
    categories: ['all'],
    hasStatus: true,
  }),
  resource('', ['v1'], 'Service', 'services', {
    shortNames: ['svc'],
    categories: ['all'],
    hasStatus: true,
  }),
  resource('', ['v1'], 'ResourceQuota', 'resourcequotas', {
    shortNames: ['quota'],
    hasStatus: true,
  }),
  resource('', ['v1'], 'LimitRange', 'limitranges', { shortNames: ['limits'] }),
  resource('', ['v1'], 'ServiceAccount', 'serviceaccounts', {
    shortNames: ['sa'],
  }),
  resource('', ['v1'], 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  resource('', ['v1'], 'Event', 'events', { shortNames: ['ev'] }),
  resource('rbac.authorization.k8s.io', ['v1'], 'Role', 'roles', {}),
  resource(
    'rbac.authorization.k8s.io',
    ['v1'],
    'RoleBinding',
    'rolebindings',
    {},
  ),
  resource('rbac.authorization.k8s.io', ['v1'], 'ClusterRole', 'clusterroles', {
    namespaced: false,
  }),
  resource(
    'rbac.authorization.k8s.io',
    ['v1'],
    'ClusterRoleBinding',
    'clusterrolebindings',
    { namespaced: false },
  ),
  resource('networking.k8s.io', ['v1'], 'NetworkPolicy', 'networkpolicies', {
    shortNames: ['netpol'],
  }),
  resource('batch', ['v1'], 'Job', 'jobs', {
    categories: ['all'],
    hasStatus: true,
  }),
  resource('batch', ['v1'], 'CronJob', 'cronjobs', {
    shortNames: ['cj'],
    categories: ['all'],
    hasStatus: true,
  }),
  resource(KUEUE, kueueVersions, 'ResourceFlavor', 'resourceflavors', {
    shortNames: ['flavor', 'flavors', 'rf'],
    namespaced: false,
    builtIn: false,
  }),
  resource(KUEUE, kueueVersions, 'ClusterQueue', 'clusterqueues', {
    shortNames: ['cq'],
    namespaced: false,
    categories: ['kueue'],
    hasStatus: true,
    builtIn: false,
  }),
  resource(KUEUE, kueueVersions, 'LocalQueue', 'localqueues', {
    shortNames: ['queue', 'queues', 'lq'],
    categories: ['kueue'],
    hasStatus: true,
    builtIn: false,
  }),
  resource(KUEUE, kueueVersions, 'Cohort', 'cohorts', {
    namespaced: false,
    categories: ['kueue'],
    hasStatus: true,
    builtIn: false,
  }),
  resource(KUEUE, kueueVersions, 'Workload', 'workloads', {
    shortNames: ['wl'],
    categories: ['kueue'],
    hasStatus: true,
    builtIn: false,
  }),
  resource(
    'serving.kserve.io',
    ['v1beta1'],
    'InferenceService',
    'inferenceservices',
    {
      shortNames: ['isvc'],
      hasStatus: true,
      builtIn: false,
    },
  ),
  resource(
    'serving.kserve.io',
    ['v1alpha1'],
    'LLMInferenceService',
    'llminferenceservices',
    {
      shortNames: ['llmisvc'],
      hasStatus: true,
      builtIn: false,
    },
  ),
  // The queues of NVIDIA KAI Scheduler and of Volcano, both cluster-scoped.
  resource('scheduling.run.ai', ['v2'], 'Queue', 'queues', {
    namespaced: false,
    hasStatus: true,
    builtIn: false,
  }),
  resource('scheduling.volcano.sh', ['v1beta1'], 'Queue', 'queues', {
    shortNames: ['q', 'queue-v1beta1'],
    namespaced: false,
    hasStatus: true,
    builtIn: false,
  }),
  // Their PodGroups: the pods a scheduler starts together, in a queue.
  resource('scheduling.run.ai', ['v2alpha2'], 'PodGroup', 'podgroups', {
    shortNames: ['pg'],
    hasStatus: true,
    builtIn: false,
  }),
  resource('scheduling.volcano.sh', ['v1beta1'], 'PodGroup', 'podgroups', {
    shortNames: ['pg', 'podgroup-v1beta1'],
    hasStatus: true,
    builtIn: false,
  }),
  resource('wgpolicyk8s.io', ['v1alpha2'], 'PolicyReport', 'policyreports', {
    shortNames: ['polr'],
    builtIn: false,
  }),
  resource(
    'wgpolicyk8s.io',
    ['v1alpha2'],
    'ClusterPolicyReport',
    'clusterpolicyreports',
    { shortNames: ['cpolr'], namespaced: false, builtIn: false },
  ),
];

/** The verbs every served resource supports. */
export const RESOURCE_VERBS = ALL_VERBS;

/** `apiVersion` for a group and version. */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The resource a request path names, or undefined. */
export function findResource(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    r =>
      r.group === group && r.plural === plural && r.versions.includes(version),
  );
}

/** The resource of an object's `apiVersion` and `kind`, or undefined. */
export function findResourceByKind(
  apiVersion: string,
  kind: string,
): ResourceType | undefined {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/', 2)
    : ['', apiVersion];
  return RESOURCE_TYPES.find(
    r => r.group === group && r.kind === kind && r.versions.includes(version),
  );
}

/** The served groups, each with its versions, the preferred version first. */
export function servedGroups(): Array<{ group: string; versions: string[] }> {
  const groups = new Map<string, string[]>();
  for (const r of RESOURCE_TYPES) {
    const versions = groups.get(r.group) ?? [];
    for (const v of r.versions) if (!versions.includes(v)) versions.push(v);
    groups.set(r.group, versions);
  }
  return [...groups].map(([group, versions]) => ({ group, versions }));
}
