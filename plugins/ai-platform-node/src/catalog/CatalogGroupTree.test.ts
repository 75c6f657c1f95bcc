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

  it('reads the catalog once per TTL, and sees a changed tree after it', async () => {
    let current = entities;
    const catalog = catalogServiceMock({ entities });
    const getEntities = jest
      .spyOn(catalog, 'getEntities')
      .mockImplementation(async () => ({ items: current }));
    const cached = CatalogGroupTree.create({
      catalog,
      auth: mockServices.auth(),
    });
    await cached.descendants('group:default/acme');
    await cached.descendants('group:default/products');
    await cached.ancestors('group:default/recs');
    expect(getEntities).toHaveBeenCalledTimes(1);

    const uncached = CatalogGroupTree.create({
      catalog,
      auth: mockServices.auth(),
      ttlMs: 0,
    });
    expect(await uncached.descendants('group:default/recs')).toEqual([
      'group:default/recs',
    ]);
    current = [...entities, group('ranking', 'recs')];
    expect(await uncached.descendants('group:default/recs')).toEqual([
      'group:default/recs',
      'group:default/ranking',
    ]);
  });

  it('walks a wide tree breadth first, each group once', async () => {
    const wide = [
      group('root'),
      ...Array.from({ length: 5000 }, (_, i) => group(`team-${i}`, 'root')),
      group('deep', 'team-4999'),
    ];
    const t = CatalogGroupTree.create({
      catalog: catalogServiceMock({ entities: wide }),
      auth: mockServices.auth(),
    });
    const below = await t.descendants('group:default/root');
    expect(below).toHaveLength(5002);
    expect(below[0]).toBe('group:default/root');
    expect(below[below.length - 1]).toBe('group:default/deep');
    expect(new Set(below).size).toBe(below.length);
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
