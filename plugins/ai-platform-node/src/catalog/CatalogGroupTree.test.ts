import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogGroupTree, ownersOf, parentsOf } from './CatalogGroupTree';

function group(name: string, parent?: string, relationParent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
    relations: relationParent
      ? [{ type: 'childOf', targetRef: relationParent }]
      : [],
  };
}

const entities = [
  group('acme'),
  group('Products', undefined, 'group:default/acme'),
  group('recs', 'products'),
  group('search', 'group:default/PRODUCTS'),
  group('loop-a', 'loop-b'),
  group('loop-b', 'loop-a'),
];

function tree() {
  return CatalogGroupTree.create({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
  });
}

describe('CatalogGroupTree', () => {
  it('walks up and down relations and spec.parent, ignoring case', async () => {
    const t = tree();
    expect(await t.ancestors('Group:default/Recs')).toEqual([
      'group:default/products',
      'group:default/acme',
    ]);
    expect((await t.descendants('group:default/products')).sort()).toEqual([
      'group:default/products',
      'group:default/recs',
      'group:default/search',
    ]);
    expect(await t.has('group:default/RECS')).toBe(true);
    expect(await t.has('group:default/nobody')).toBe(false);
  });

  it('cuts cycles', async () => {
    expect(await tree().ancestors('group:default/loop-a')).toEqual([
      'group:default/loop-b',
    ]);
  });
});

describe('ownersOf and parentsOf', () => {
  it('read relations and the spec, skipping what is not a ref', () => {
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', namespace: 'team-ns' },
      spec: { owner: 'Search' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/recs' }],
    };
    expect(ownersOf(component)).toEqual([
      'group:default/recs',
      'group:team-ns/search',
    ]);
    expect(parentsOf(group('bad', 'group:'))).toEqual([]);
  });
});
