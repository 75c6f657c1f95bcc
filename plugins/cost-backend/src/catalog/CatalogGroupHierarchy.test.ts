import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testEntities } from '../__fixtures__/entities';
import { CatalogGroupHierarchy } from './CatalogGroupHierarchy';

describe('CatalogGroupHierarchy', () => {
  const hierarchy = CatalogGroupHierarchy.create({
    catalog: catalogServiceMock({ entities: testEntities }),
    auth: mockServices.auth(),
  });

  it('walks the Group hierarchy down and up', async () => {
    await expect(
      hierarchy.descendants('group:default/Products'),
    ).resolves.toEqual([
      'group:default/products',
      'group:default/conversational-ai',
      'group:default/search-relevance',
    ]);
    await expect(
      hierarchy.ancestors('group:default/search-relevance'),
    ).resolves.toEqual(['group:default/products', 'group:default/acme']);
    const groups = await hierarchy.groups();
    expect(groups.get('group:default/acme')).toEqual({
      ref: 'group:default/acme',
      title: 'acme',
      type: 'organization',
      parentRef: null,
      childRefs: ['group:default/infrastructure', 'group:default/products'],
    });
  });

  it('knows the owners of entities', async () => {
    const owners = await hierarchy.owners();
    expect(owners.get('component:default/assistant-api')).toBe(
      'group:default/conversational-ai',
    );
    expect(owners.has('group:default/products')).toBe(false);
  });

  it('survives a cycle in the hierarchy', async () => {
    const cyclic = CatalogGroupHierarchy.create({
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
    await expect(cyclic.ancestors('group:default/a')).resolves.toEqual([
      'group:default/b',
      'group:default/a',
    ]);
    await expect(cyclic.descendants('group:default/a')).resolves.toEqual([
      'group:default/a',
      'group:default/b',
    ]);
  });
});
