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

function workload(name: string, owner: string): Entity {
  return component(name, owner, { 'backstage.io/kubernetes-id': name });
}

/**
 * The demo organisation as the catalog holds it: `ml-org` with two teams,
 * their components annotated like the simulated workloads, and components
 * with hostile annotations.
 */
export const testEntities: Entity[] = [
  group('ml-org'),
  group('conversational-ai', 'ml-org'),
  group('recommendations', 'ml-org'),
  group('search-relevance'),
  workload('assistant-llm-finetune', 'conversational-ai'),
  workload('assistant-api', 'conversational-ai'),
  workload('recs-two-tower-training', 'recommendations'),
  workload('recs-serving', 'recommendations'),
  workload('search-ranker-training', 'search-relevance'),
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
