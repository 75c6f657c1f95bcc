import {
  EmptyState,
  InfoCard,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ANNOTATION_MODEL_CARD } from '@ai-platform/plugin-model-catalog-common';
import useAsync from 'react-use/esm/useAsync';
import { modelCatalogApiRef } from '../../api';

/**
 * The entity's model card (`ai-platform.io/model-card`), rendered.
 *
 * @public
 */
export function ModelCardCard() {
  const { entity } = useEntity();
  const api = useApi(modelCatalogApiRef);
  const annotation = entity.metadata.annotations?.[ANNOTATION_MODEL_CARD];
  const { value, loading, error } = useAsync(async () => {
    if (!annotation) return undefined;
    return api.getModelCard({
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
    });
  }, [api, annotation, entity.metadata.namespace, entity.metadata.name]);

  return (
    <InfoCard title="Model card">
      {!annotation && (
        <EmptyState
          missing="field"
          title="No model card"
          description={`Add the ${ANNOTATION_MODEL_CARD} annotation with the URL of a Hugging Face README (or a path relative to the catalog file) to show the model card here.`}
        />
      )}
      {annotation && loading && <Progress />}
      {annotation && error && (
        <ResponseErrorPanel
          error={error}
          title="Could not read the model card"
        />
      )}
      {value && (
        <div data-testid="model-card-body">
          <MarkdownContent content={value.body} />
        </div>
      )}
    </InfoCard>
  );
}
