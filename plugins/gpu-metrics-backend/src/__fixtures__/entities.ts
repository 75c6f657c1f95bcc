import { Entity } from '@backstage/catalog-model';

function group(name: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
    relations: parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : [],
  };
}

/** A component owned by `owner` with the given annotations. */
export function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

function user(name: string, memberOf: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
    relations: memberOf.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/** Test users, by what the permission tests need of them. */
export const testUsers = {
  /** A member of conversational-ai (below ml-org). */
  member: 'user:default/ana',
  /** A member of ml-org, above conversational-ai and recommendations. */
  manager: 'user:default/lee',
  /** A member of search-relevance only. */
  other: 'user:default/sol',
  /** A member of fleet-watchers, the group of `gpuMetrics.fleetViewers`. */
  viewer: 'user:default/vic',
  /** A member of no group. */
  loner: 'user:default/nobody',
  /** A member of ml-platform, which owns the shared model server. */
  servingOwner: 'user:default/mia',
};

function workload(name: string, owner: string): Entity {
  return component(name, owner, { 'backstage.io/kubernetes-id': name });
}

/**
 * The demo organisation as the catalog holds it: `ml-org` with two teams,
 * their components annotated like the simulated workloads, components
 * with hostile annotations (owned by `search-relevance`), and the users of
 * {@link testUsers}.
 */
export const testEntities: Entity[] = [
  group('ml-org'),
  group('conversational-ai', 'ml-org'),
  group('recommendations', 'ml-org'),
  group('search-relevance'),
  group('fleet-watchers'),
  group('ml-platform'),
  user('ana', ['conversational-ai']),
  user('lee', ['ml-org']),
  user('sol', ['search-relevance']),
  user('vic', ['fleet-watchers']),
  user('nobody', []),
  user('mia', ['ml-platform']),
  workload('assistant-llm-finetune', 'conversational-ai'),
  workload('assistant-api', 'conversational-ai'),
  workload('recs-two-tower-training', 'recommendations'),
  workload('recs-serving', 'recommendations'),
  workload('search-ranker-training', 'search-relevance'),
  // The shared model server (two servers: one per cluster) its callers use.
  workload('shared-llm-inference', 'ml-platform'),
  component('recs-exploration', 'recommendations', {
    'backstage.io/kubernetes-label-selector': 'app=recs-exploration',
    'backstage.io/kubernetes-namespace': 'recommendations',
  }),
  component('no-kubernetes', 'search-relevance', {}),
  component('hostile-id', 'search-relevance', {
    'backstage.io/kubernetes-id': 'x"} or vector(1) #',
  }),
  component('hostile-newline', 'search-relevance', {
    'backstage.io/kubernetes-id': 'recs-serving\n} or vector(1)',
  }),
  component('hostile-regex', 'search-relevance', {
    'backstage.io/kubernetes-id': 'recs.*|assistant.*',
  }),
  component('hostile-selector', 'search-relevance', {
    'backstage.io/kubernetes-label-selector':
      'backstage.io/kubernetes-id in (recs-serving), x"} or vector(1) #',
  }),
  component('hostile-namespace', 'search-relevance', {
    'backstage.io/kubernetes-id': 'recs-serving',
    'backstage.io/kubernetes-namespace': 'recommendations"} or vector(1) #',
  }),
  component('recs-serving-by-selector', 'search-relevance', {
    'backstage.io/kubernetes-label-selector':
      'backstage.io/kubernetes-id in (recs-serving)',
    'backstage.io/kubernetes-namespace': 'recommendations',
  }),
];
