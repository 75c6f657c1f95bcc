import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { parse } from 'yaml';

/** The API's OpenAPI document as an object, as the validated router takes it. */
export type OpenApiSpec = Parameters<typeof createValidatedOpenApiRouter>[0];

/**
 * Reads the API's contract, `src/schema/openapi.yaml`, the one source of
 * truth for the router's validation and for `GET /openapi.json`.
 */
export function loadOpenApiSpec(): OpenApiSpec {
  const file = resolvePackagePath(
    '@ai-platform/plugin-approvals-backend',
    'src/schema/openapi.yaml',
  );
  return parse(fs.readFileSync(file, 'utf8')) as OpenApiSpec;
}
