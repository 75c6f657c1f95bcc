/**
 * Extension points of the compliance backend: fact retrievers and framework
 * and check definitions that other teams' backend modules add.
 *
 * @packageDocumentation
 */

export {
  complianceDefinitionsExtensionPoint,
  complianceFactRetrieversExtensionPoint,
} from './extensions';
export type {
  ComplianceDefinitionsExtensionPoint,
  ComplianceFactRetrieversExtensionPoint,
} from './extensions';
export type {
  ComplianceDefinitionSource,
  EntityFacts,
  FactContext,
  FactRetriever,
  GroupInfo,
} from './types';
