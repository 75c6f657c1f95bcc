import { Entity } from '@backstage/catalog-model';

function group(name: string, parent?: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', title: name.replace(/-/g, ' ') },
    spec: { type: parent ? 'team' : 'organization', children },
    relations: [
      ...(parent
        ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
        : []),
      ...children.map(c => ({
        type: 'parentOf',
        targetRef: `group:default/${c}`,
      })),
    ],
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

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/**
 * A small org: acme → products → (search-relevance, conversational-ai),
 * acme → infrastructure → ml-platform, and a finance group of cost admins.
 */
export const testEntities: Entity[] = [
  group('acme', undefined, ['products', 'infrastructure']),
  group('products', 'acme', ['search-relevance', 'conversational-ai']),
  group('infrastructure', 'acme', ['ml-platform']),
  group('search-relevance', 'products'),
  group('conversational-ai', 'products'),
  group('ml-platform', 'infrastructure'),
  group('finance'),
  user('sam', ['search-relevance']),
  user('pat', ['products']),
  user('guest', ['conversational-ai', 'ml-platform']),
  user('fin', ['finance']),
  component('search-ranker-training', 'search-relevance'),
  component('assistant-api', 'conversational-ai'),
  component('shared-llm-inference', 'ml-platform'),
];

/** Users of the test org. */
export const users = {
  /** Member of search-relevance. */
  sam: 'user:default/sam',
  /** Member of products (a manager of its teams). */
  pat: 'user:default/pat',
  /** Member of conversational-ai and ml-platform. */
  guest: 'user:default/guest',
  /** Member of finance, a cost admin. */
  fin: 'user:default/fin',
};
