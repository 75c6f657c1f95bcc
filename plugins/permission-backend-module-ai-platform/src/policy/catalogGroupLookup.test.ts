import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogGroupLookup } from './catalogGroupLookup';

describe('catalogGroupLookup', () => {
  it('returns the memberOf relations of the user entity', async () => {
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'guest', namespace: 'default' },
          spec: { memberOf: ['conversational-ai'] },
          relations: [
            { type: 'memberOf', targetRef: 'group:default/conversational-ai' },
            { type: 'memberOf', targetRef: 'group:default/ml-platform' },
            { type: 'ownerOf', targetRef: 'component:default/x' },
          ],
        },
      ],
    });
    const groupsOf = catalogGroupLookup({ catalog, auth: mockServices.auth() });
    await expect(groupsOf('user:default/guest')).resolves.toEqual([
      'group:default/conversational-ai',
      'group:default/ml-platform',
    ]);
    await expect(groupsOf('user:default/nobody')).resolves.toEqual([]);
  });
});
