import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** A Component or System the GPUs can be for. */
export interface OwnedEntity {
  ref: string;
  title: string;
  kind: string;
}

/**
 * The Components and Systems a team owns. Ownership is read from the
 * catalog's `ownedBy` relations, which the catalog derives from `spec.owner`
 * however the owner is written there (`ml-platform`, `group:ml-platform`, ...).
 */
export function useOwnedEntities(team: string | undefined) {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<OwnedEntity[]> => {
    if (!team) {
      return [];
    }
    const { items } = await catalogApi.getEntities({
      filter: {
        'relations.ownedBy': team.toLocaleLowerCase('en-US'),
        kind: ['component', 'system'],
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items
      .map(entity => ({
        ref: stringifyEntityRef(entity),
        title: entity.metadata.title ?? entity.metadata.name,
        kind: entity.kind,
      }))
      .sort(
        (a, b) =>
          a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title),
      );
  }, [catalogApi, team]);
}
