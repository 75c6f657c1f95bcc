import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testEntities } from '../__fixtures__/entities';
import { CatalogCostOrganisation } from './CatalogCostOrganisation';

describe('CatalogCostOrganisation', () => {
  const organisation = CatalogCostOrganisation.create({
    catalog: catalogServiceMock({ entities: testEntities }),
    auth: mockServices.auth(),
  });

  it('walks the Group hierarchy down and up', async () => {
    await expect(
      organisation.descendants('group:default/Products'),
    ).resolves.toEqual([
      'group:default/products',
      'group:default/conversational-ai',
      'group:default/search-relevance',
    ]);
    await expect(
      organisation.ancestors('group:default/search-relevance'),
    ).resolves.toEqual(['group:default/products', 'group:default/acme']);
    const groups = await organisation.groups();
    expect(groups.get('group:default/acme')).toEqual({
      ref: 'group:default/acme',
      title: 'acme',
      type: 'organization',
      parentRef: null,
      childRefs: ['group:default/infrastructure', 'group:default/products'],
    });
  });

  it('builds the groups once per read of the catalog', async () => {
    const catalog = catalogServiceMock({ entities: testEntities });
    let current = testEntities;
    jest.spyOn(catalog, 'getEntities').mockImplementation(async request => ({
      items: current.filter(e =>
        [request?.filter ?? {}]
          .flat()
          .some(f => [(f as { kind: unknown }).kind].flat().includes(e.kind)),
      ),
    }));
    const cached = CatalogCostOrganisation.create({
      catalog,
      auth: mockServices.auth(),
    });
    expect(await cached.groups()).toBe(await cached.groups());

    const uncached = CatalogCostOrganisation.create({
      catalog,
      auth: mockServices.auth(),
      ttlMs: 0,
    });
    const before = await uncached.groups();
    expect(before.has('group:default/new-team')).toBe(false);
    current = [
      ...testEntities,
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'new-team', namespace: 'default', title: 'New' },
        spec: { type: 'team', parent: 'acme', children: [] },
      },
    ];
    const after = await uncached.groups();
    expect(after).not.toBe(before);
    expect(after.get('group:default/new-team')?.title).toBe('New');
    expect(after.get('group:default/acme')?.childRefs).toContain(
      'group:default/new-team',
    );
  });

  it('knows the owners of entities', async () => {
    const owners = await organisation.owners();
    expect(owners.get('component:default/assistant-api')).toBe(
      'group:default/conversational-ai',
    );
    expect(owners.has('group:default/products')).toBe(false);
  });

  it('survives a cycle in the hierarchy', async () => {
    const cyclic = CatalogCostOrganisation.create({
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'a' },
            spec: {},
            relations: [{ type: 'childOf', targetRef: 'group:default/b' }],
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'b' },
            spec: {},
            relations: [{ type: 'childOf', targetRef: 'group:default/a' }],
          },
        ],
      }),
      auth: mockServices.auth(),
    });
    // The shared tree cuts the cycle before the group itself (the removed
    // copy listed `a` as its own ancestor).
    await expect(cyclic.ancestors('group:default/a')).resolves.toEqual([
      'group:default/b',
    ]);
    await expect(cyclic.descendants('group:default/a')).resolves.toEqual([
      'group:default/a',
      'group:default/b',
    ]);
  });

  it('reads a parent from spec.parent, whatever its case', async () => {
    const fromSpec = CatalogCostOrganisation.create({
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'Org' },
            spec: { type: 'organization' },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'team-a', title: 'Team A' },
            spec: { type: 'team', parent: 'ORG' },
          },
        ],
      }),
      auth: mockServices.auth(),
    });
    await expect(fromSpec.descendants('group:default/org')).resolves.toEqual([
      'group:default/org',
      'group:default/team-a',
    ]);
    expect((await fromSpec.groups()).get('group:default/team-a')).toEqual({
      ref: 'group:default/team-a',
      title: 'Team A',
      type: 'team',
      parentRef: 'group:default/org',
      childRefs: [],
    });
  });
});
