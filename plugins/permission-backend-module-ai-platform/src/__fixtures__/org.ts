import { Entity } from '@backstage/catalog-model';

/**
 * A small organisation for policy tests: a Group tree with parent/child
 * relations and users with `memberOf` relations, as the catalog stores them.
 *
 * ```
 * acme ─┬─ infrastructure ─┬─ platform-engineering
 *       │                  ├─ gpu-infrastructure
 *       │                  └─ ml-platform
 *       ├─ products ───────┬─ conversational-ai
 *       │                  ├─ computer-vision
 *       │                  └─ search-relevance
 *       ├─ finance
 *       ├─ compliance-officers
 *       └─ catalog-admins
 * ```
 */
const tree: Record<string, string[]> = {
  acme: [
    'infrastructure',
    'products',
    'finance',
    'compliance-officers',
    'catalog-admins',
  ],
  infrastructure: ['platform-engineering', 'gpu-infrastructure', 'ml-platform'],
  products: ['conversational-ai', 'computer-vision', 'search-relevance'],
};

const groupRef = (name: string) => `group:default/${name}`;

function parentOf(name: string): string | undefined {
  return Object.keys(tree).find(parent => tree[parent].includes(name));
}

function group(name: string): Entity {
  const parent = parentOf(name);
  const children = tree[name] ?? [];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children, ...(parent && { parent }) },
    relations: [
      ...(parent ? [{ type: 'childOf', targetRef: groupRef(parent) }] : []),
      ...children.map(c => ({ type: 'parentOf', targetRef: groupRef(c) })),
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
      targetRef: groupRef(g),
    })),
  };
}

/** The users of the organisation and their teams. */
export const orgUsers: Record<string, string[]> = {
  guest: ['conversational-ai', 'ml-platform'],
  'ana.assistant': ['conversational-ai'],
  'vera.vision': ['computer-vision'],
  'gina.gpu': ['gpu-infrastructure'],
  'fiona.finance': ['finance'],
  'carla.compliance': ['compliance-officers'],
  'cato.catalog': ['catalog-admins'],
  'priya.platform': ['platform-engineering'],
  'fred.fleet': ['search-relevance'],
};

/** Every Group and User entity of the organisation. */
export const orgEntities: Entity[] = [
  ...[...new Set([...Object.keys(tree), ...Object.values(tree).flat()])].map(
    group,
  ),
  ...Object.entries(orgUsers).map(([name, groups]) => user(name, groups)),
];
