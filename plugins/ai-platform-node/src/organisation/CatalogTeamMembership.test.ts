import { mockCredentials } from '@backstage/backend-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { CatalogTeamMembership } from './CatalogTeamMembership';

const ANA = 'user:default/ana';

function userEntity(groups: string[]) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ana' },
    spec: {},
    relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}

function setup(options: { ttlMs?: number; claims?: string[] } = {}) {
  let groups = ['group:default/Vision'];
  let failing = false;
  const getEntityByRef = jest.fn(async () => {
    await new Promise(resolve => setTimeout(resolve, 5));
    if (failing) throw new Error('catalog unavailable');
    return userEntity(groups);
  });
  const catalog = { getEntityByRef } as unknown as CatalogService;
  const userInfo: UserInfoService = {
    getUserInfo: async () => ({
      userEntityRef: ANA,
      ownershipEntityRefs: [ANA, ...(options.claims ?? [])],
    }),
  };
  const membership = CatalogTeamMembership.create({
    catalog,
    userInfo,
    ttlMs: options.ttlMs,
  });
  return {
    membership,
    getEntityByRef,
    setGroups: (next: string[]) => {
      groups = next;
    },
    setFailing: (next: boolean) => {
      failing = next;
    },
  };
}

describe('CatalogTeamMembership', () => {
  const credentials = mockCredentials.user(ANA);

  it('gives the catalog groups and the claimed groups as comparison keys', async () => {
    const { membership } = setup({ claims: ['group:default/Platform'] });
    expect(await membership.teamsOf(credentials)).toEqual([
      'group:default/vision',
      'group:default/platform',
    ]);
  });

  it('reads the catalog once for a burst of calls by one user', async () => {
    const { membership, getEntityByRef } = setup();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => membership.teamsOf(credentials)),
    );
    expect(answers.every(a => a[0] === 'group:default/vision')).toBe(true);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    await membership.teamsOf(credentials);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('reads the catalog again once the time is up', async () => {
    const { membership, getEntityByRef, setGroups } = setup({ ttlMs: 20 });
    await membership.teamsOf(credentials);
    setGroups(['group:default/labs']);
    await new Promise(resolve => setTimeout(resolve, 40));
    expect(await membership.teamsOf(credentials)).toEqual([
      'group:default/labs',
    ]);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('reads on every call with a time of 0', async () => {
    const { membership, getEntityByRef } = setup({ ttlMs: 0 });
    await membership.teamsOf(credentials);
    await membership.teamsOf(credentials);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed read: the next call asks again', async () => {
    const { membership, getEntityByRef, setFailing } = setup();
    setFailing(true);
    await expect(membership.teamsOf(credentials)).rejects.toThrow(
      'catalog unavailable',
    );
    setFailing(false);
    expect(await membership.teamsOf(credentials)).toEqual([
      'group:default/vision',
    ]);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });
});
