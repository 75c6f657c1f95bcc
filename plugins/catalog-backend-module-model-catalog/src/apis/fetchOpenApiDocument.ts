import { ResponseError } from '@backstage/errors';

/** An OpenAPI 3 document as a backend serves it at `/openapi.json`. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, unknown>;
  [field: string]: unknown;
}

/** Larger answers are refused: the suite's documents are tens of kilobytes. */
const MAX_BYTES = 2 * 1024 * 1024;

/**
 * GETs a plugin's OpenAPI document with a service token and checks that it
 * is OpenAPI 3 with an info block and paths. Failures name what is wrong,
 * never the URL or the token.
 */
export async function fetchOpenApiDocument(
  url: string,
  options: { token: string; timeoutMs?: number },
): Promise<OpenApiDocument> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${options.token}`,
      },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new Error(
      (error as Error)?.name === 'TimeoutError'
        ? 'the plugin did not answer in time'
        : 'the plugin could not be reached',
      { cause: error },
    );
  }
  if (!response.ok) throw await ResponseError.fromResponse(response);
  const text = await response.text();
  if (Buffer.byteLength(text) > MAX_BYTES) {
    throw new Error(`the document is over ${MAX_BYTES} bytes`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error('the document is not JSON');
  }
  const doc = document as Partial<OpenApiDocument> | null;
  if (typeof doc?.openapi !== 'string' || !/^3\.\d+\.\d+$/.test(doc.openapi)) {
    throw new Error('the document is not OpenAPI 3 (no openapi: 3.x.y)');
  }
  if (
    typeof doc.info?.title !== 'string' ||
    typeof doc.info?.version !== 'string'
  ) {
    throw new Error('the document has no info.title and info.version');
  }
  if (
    !doc.paths ||
    typeof doc.paths !== 'object' ||
    Array.isArray(doc.paths) ||
    Object.keys(doc.paths).length === 0
  ) {
    throw new Error('the document has no paths');
  }
  return doc as OpenApiDocument;
}
