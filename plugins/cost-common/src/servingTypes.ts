import type { components } from './generated';

/** What a model server cost to serve over a window, and who used it (`GET /serving-costs`). @public */
export type ServingCosts = components['schemas']['ServingCosts'];
/** A caller of a model server with its tokens and cost share. @public */
export type ServingConsumerCost = components['schemas']['ServingConsumerCost'];
/** Tokens no caller is known for, with their cost share. @public */
export type ServingUnattributedCost =
  components['schemas']['ServingUnattributedCost'];
/** One model server's unit prices (`GET /serving-costs/models`). @public */
export type ServerUnitCost = components['schemas']['ServerUnitCost'];
/** Every model server's unit prices. @public */
export type ServingCostsList = components['schemas']['ServingCostsList'];
/** A model server a subject called, with its tokens and cost share. @public */
export type InferenceUsageItem = components['schemas']['InferenceUsageItem'];
/** Inference a group or entity used (`GET /inference-usage`). @public */
export type InferenceUsage = components['schemas']['InferenceUsage'];
/** A cluster or backend whose serving data could not be read. @public */
export type ServingClusterError = components['schemas']['ServingClusterError'];
