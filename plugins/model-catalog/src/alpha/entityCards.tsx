import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  isModelEntity,
  isModelServerEntity,
} from '@ai-platform/plugin-model-catalog-common';

/**
 * The model facts and "Deploy" card on a model's overview,
 * `entity-card:model-catalog/model-overview`.
 *
 * @alpha
 */
export const modelOverviewEntityCard = EntityCardBlueprint.make({
  name: 'model-overview',
  params: {
    filter: isModelEntity,
    loader: () =>
      import('../components/ModelEntityContent').then(m => (
        <m.ModelOverviewCard />
      )),
  },
});

/**
 * The GPU fit card on a model's overview, `entity-card:model-catalog/gpu-fit`.
 *
 * @alpha
 */
export const modelGpuFitEntityCard = EntityCardBlueprint.make({
  name: 'gpu-fit',
  params: {
    filter: isModelEntity,
    loader: () =>
      import('../components/ModelEntityContent').then(m => (
        <m.ModelGpuFitCard />
      )),
  },
});

/**
 * The deployments card on a model's overview,
 * `entity-card:model-catalog/deployments`.
 *
 * @alpha
 */
export const modelDeploymentsEntityCard = EntityCardBlueprint.make({
  name: 'deployments',
  params: {
    filter: isModelEntity,
    loader: () =>
      import('../components/ModelEntityContent').then(m => (
        <m.ModelDeploymentsCard />
      )),
  },
});

/**
 * The serving economics of a model server on its overview,
 * `entity-card:model-catalog/serving`.
 *
 * @alpha
 */
export const modelServingEntityCard = EntityCardBlueprint.make({
  name: 'serving',
  params: {
    filter: isModelServerEntity,
    loader: () =>
      import('../components/ModelServing').then(m => <m.ServingCard />),
  },
});
