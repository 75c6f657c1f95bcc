import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isModelEntity } from '@ai-platform/plugin-model-catalog-common';

/**
 * The "Model" tab of model entities (`Resource`, `spec.type: ai-model`),
 * `entity-content:model-catalog/model`.
 *
 * @alpha
 */
export const modelEntityContent = EntityContentBlueprint.make({
  name: 'model',
  params: {
    path: '/model',
    title: 'Model',
    filter: isModelEntity,
    loader: () =>
      import('../components/ModelEntityContent').then(m => (
        <m.ModelEntityContent />
      )),
  },
});
