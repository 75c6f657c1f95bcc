/**
 * The schema layer of the Kubernetes API emulator: validation of stored
 * objects against the real OpenAPI schemas and the `/openapi/v3` documents.
 */
export { SchemaRegistry } from './SchemaRegistry';
export type { SchemaRegistryLoadOptions } from './SchemaRegistry';
export { OpenApiV3Documents } from './OpenApiV3Documents';
export type {
  OpenApiV3Index,
  ServedOpenApiDocument,
} from './OpenApiV3Documents';
export { validationFailureStatus } from './validationFailureStatus';
export type {
  FailureStatus,
  ValidationFailureStatusOptions,
} from './validationFailureStatus';
export { findFixturesDir, FIXTURES_DIR_ENV } from './findFixturesDir';
export { parseApiVersion, groupVersionPath } from './groupVersion';
export type { GroupVersion } from './groupVersion';
export type {
  CustomResourceDefinition,
  FieldCause,
  FieldCauseReason,
  GroupVersionDocument,
  GroupVersionKind,
  OpenApiDocument,
  OpenApiSchema,
  ValidateOptions,
  ValidationResult,
} from './types';
