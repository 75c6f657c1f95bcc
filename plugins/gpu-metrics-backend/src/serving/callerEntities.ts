import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  KubernetesValidatorFunctions,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ownerOf } from '../catalog/CatalogOrganisation';

/** What the catalog says about a caller. */
export interface CallerEntity {
  entityRef?: string;
  ownerRef?: string;
}

/**
 * The catalog's Component for each gateway caller whose `user_id` is a
 * valid entity name (`component:default/<user_id>`), read with the asking
 * credentials so an answer never names what the caller may not see. Other
 * values (hostile or not) are only ever returned as the caller's name.
 */
export async function callerEntities(
  callers: string[],
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<(caller: string) => CallerEntity> {
  const named = [...new Set(callers)].filter(c =>
    KubernetesValidatorFunctions.isValidObjectName(c),
  );
  const found = new Map<string, CallerEntity>();
  if (named.length > 0) {
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: named.map(c => `component:default/${c}`),
        fields: ['kind', 'metadata', 'spec.owner', 'relations'],
      },
      { credentials },
    );
    items.forEach((entity, i) => {
      if (!entity) return;
      const ownerRef = ownerOf(entity);
      found.set(named[i], {
        entityRef: stringifyEntityRef(entity),
        ...(ownerRef ? { ownerRef } : {}),
      });
    });
  }
  return caller => found.get(caller) ?? {};
}
