import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ComplianceDefinitionSource, FactRetriever } from './types';

/**
 * Adds fact retrievers to the compliance backend. They run beside the
 * built-in ones on every evaluation; checks read their facts as
 * `<retriever id>.<fact>`.
 *
 * @public
 */
export interface ComplianceFactRetrieversExtensionPoint {
  /** Adds retrievers. An id used by two retrievers stops the backend at start. */
  addFactRetriever(...retrievers: FactRetriever[]): void;
}

/**
 * The extension point through which backend modules of the compliance
 * plugin add fact retrievers; see {@link ComplianceFactRetrieversExtensionPoint}.
 *
 * @public
 */
export const complianceFactRetrieversExtensionPoint =
  createExtensionPoint<ComplianceFactRetrieversExtensionPoint>({
    id: 'compliance.fact-retrievers',
  });

/**
 * Adds frameworks, controls, checks and crosswalk entries to the compliance
 * backend. They are merged with the built-in and configured definitions and
 * validated as a whole at startup: an id defined twice or a control naming
 * an unknown check stops the backend.
 *
 * @public
 */
export interface ComplianceDefinitionsExtensionPoint {
  /** Definitions built in code. */
  addDefinitions(...sources: ComplianceDefinitionSource[]): void;
  /** Every `.yaml`, `.yml` and `.json` file of a directory, read at startup. */
  addDefinitionsDirectory(directory: string): void;
}

/**
 * The extension point through which backend modules of the compliance
 * plugin add frameworks, controls and checks; see
 * {@link ComplianceDefinitionsExtensionPoint}.
 *
 * @public
 */
export const complianceDefinitionsExtensionPoint =
  createExtensionPoint<ComplianceDefinitionsExtensionPoint>({
    id: 'compliance.definitions',
  });
