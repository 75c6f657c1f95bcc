import { mockCredentials } from '@backstage/backend-test-utils';
import { userGroups } from './userGroups';

describe('userGroups', () => {
  it('joins claimed and catalog groups, dropping case-insensitive duplicates', async () => {
    const groups = await userGroups(
      {
        credentials: mockCredentials.user('user:default/guest'),
        info: {
          userEntityRef: 'user:default/guest',
          ownershipEntityRefs: [
            'user:default/guest',
            'group:default/ML-Platform',
          ],
        },
      },
      async ref =>
        ref === 'user:default/guest'
          ? ['group:default/ml-platform', 'group:default/conversational-ai']
          : [],
    );
    expect(groups).toEqual([
      'group:default/ML-Platform',
      'group:default/conversational-ai',
    ]);
  });
});
