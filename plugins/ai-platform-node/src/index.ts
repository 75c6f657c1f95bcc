/**
 * The AI Platform Portal's shared backend layer.
 *
 * @packageDocumentation
 */

export {
  refuseServiceCallersOnChanges,
  type ServiceRoute,
} from './http/refuseServiceCallersOnChanges';
export { csvCell, csvLine } from './csv/csvCell';
export { entityRefKey, entityRefsEqual } from './catalog/entityRefKey';
export {
  parseLabelSelector,
  isLabelSelector,
  isLabelKey,
  isLabelValue,
  LabelSelectorError,
  type LabelSelectorOperator,
  type LabelSelectorRequirement,
} from './kubernetes/labelSelector';
export { entityRefKeys } from './catalog/entityRefKeys';
export {
  CatalogGroupTree,
  ownersOf,
  parentsOf,
} from './catalog/CatalogGroupTree';
