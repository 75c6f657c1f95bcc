import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { isModelServerEntity } from '@ai-platform/plugin-model-catalog-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * The model-server Components that depend on a model (KServe's
 * InferenceServices carry the dependency), read from the catalog.
 */
export function useModelServers(model: Entity) {
  const catalogApi = useApi(catalogApiRef);
  const refs = (model.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDENCY_OF)
    .map(r => r.targetRef)
    .filter(
      r => parseEntityRef(r).kind.toLocaleLowerCase('en-US') === 'component',
    );
  return useAsync(async () => {
    if (refs.length === 0) return [];
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs: refs });
    return items.filter((e): e is Entity => !!e && isModelServerEntity(e));
  }, [catalogApi, refs.join(',')]);
}
