import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isModelEntity } from '@ai-platform/plugin-model-catalog-common';
import { isServingEntity } from '../entities/isServingEntity';

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

/**
 * The "Serving" tab, `entity-content:model-catalog/serving`: on a model, the
 * serving economics of each model server that serves it; on a model server
 * or a Component with pods, its own.
 *
 * @alpha
 */
export const modelServingEntityContent = EntityContentBlueprint.make({
  name: 'serving',
  params: {
    path: '/serving',
    title: 'Serving',
    filter: isServingEntity,
    loader: () =>
      import('../components/ModelServing').then(m => <m.ModelServingContent />),
  },
});
