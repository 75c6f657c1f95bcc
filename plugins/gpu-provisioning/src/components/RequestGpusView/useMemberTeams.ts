import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { entityName } from '../../utils/format';

/** A team the user may request GPUs for. */
export interface MemberTeam {
  /** Group entity ref, e.g. `group:default/ml-platform`. */
  ref: string;
  /** The group's display name. */
  title: string;
}

const isGroupRef = (ref: string) =>
  ref.toLocaleLowerCase('en-US').startsWith('group:');

/**
 * The teams the signed-in user belongs to: the `memberOf` relations of the
 * user's catalog entity, or, when the catalog does not know the user, the
 * groups among the user's ownership refs.
 */
export function useMemberTeams() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);

  return useAsync(async (): Promise<MemberTeam[]> => {
    const identity = await identityApi.getBackstageIdentity();
    let refs: string[] = [];
    try {
      const user = await catalogApi.getEntityByRef(identity.userEntityRef);
      refs = (user?.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF && isGroupRef(r.targetRef))
        .map(r => r.targetRef);
    } catch {
      // The catalog may not know the user (e.g. guest sign-in): fall back below.
    }
    if (refs.length === 0) {
      refs = identity.ownershipEntityRefs.filter(isGroupRef);
    }
    refs = [...new Set(refs)];
    if (refs.length === 0) {
      return [];
    }

    let titles: Array<string | undefined> = [];
    try {
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: refs,
        fields: ['metadata.name', 'metadata.title', 'spec.profile.displayName'],
      });
      titles = items.map(group => {
        const profile = group?.spec?.profile as
          | { displayName?: string }
          | undefined;
        return profile?.displayName ?? group?.metadata.title;
      });
    } catch {
      // Names are a nicety; the refs are enough.
    }
    return refs
      .map((ref, i) => ({ ref, title: titles[i] ?? entityName(ref) }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }, [identityApi, catalogApi]);
}
