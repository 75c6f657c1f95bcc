import { ObjectValidator } from './api/KubernetesApi';
import { OpenApiSource } from './api/KubernetesApiServer';
import { findFixturesDir, OpenApiV3Documents, SchemaRegistry } from './schema';

/** Schema validation for stored objects and the `/openapi/v3` documents. */
export interface SchemaValidation {
  registry: SchemaRegistry;
  validator: ObjectValidator;
  openApi: OpenApiSource;
}

/**
 * Loads the real OpenAPI schemas from the shared fixtures. Returns undefined
 * when they cannot be found, unless `required` (tests pass `required: true`,
 * so a missing fixture is a failure rather than a silently weaker emulator).
 */
export function createSchemaValidation(
  options: { fixturesDir?: string; required?: boolean } = {},
): SchemaValidation | undefined {
  const fixturesDir = options.fixturesDir ?? findFixturesDir();
  if (!fixturesDir) {
    if (options.required) {
      throw new Error(
        'The OpenAPI schemas in ../shared/fixtures were not found; set AI_PLATFORM_FIXTURES_DIR',
      );
    }
    return undefined;
  }
  const registry = SchemaRegistry.load({ fixturesDir });
  const documents = OpenApiV3Documents.fromRegistry(registry);
  return {
    registry,
    validator: { validate: (obj, opts) => registry.validate(obj, opts) },
    openApi: {
      index: () => documents.index(),
      document: path => documents.document(path),
    },
  };
}
