import { createHash } from 'node:crypto';
import type { SchemaRegistry } from './SchemaRegistry';
import type { GroupVersionDocument } from './types';

/** One response body the server can send, with its cache validators. */
export interface ServedOpenApiDocument {
  /** `api/v1`, `apis/batch/v1`, ...; empty for the index. */
  path: string;
  /** JSON text to send with `Content-Type: application/json`. */
  body: string;
  /** SHA-512 of `body`, upper-case hex, as the apiserver computes it. */
  hash: string;
  /** `"<hash>"`, for the `ETag` header and `If-None-Match`. */
  etag: string;
  /** `/openapi/v3/<path>?hash=<hash>`, the URL the index points at. */
  serverRelativeURL: string;
}

/** The body of `GET /openapi/v3`. */
export interface OpenApiV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

/**
 * What the simulator serves under `/openapi/v3`, as kubectl and client
 * libraries expect: an index of group-versions, each pointing at its
 * document with a content hash, and the documents themselves. The real
 * Kubernetes documents are served byte for byte; CRD documents are built by
 * `buildCrdDocument`. Bodies and hashes are computed on first request.
 *
 * The apiserver answers a request whose `?hash=` matches with
 * `Cache-Control: public, immutable`, and redirects a stale hash to the
 * current `serverRelativeURL`.
 */
export class OpenApiV3Documents {
  private readonly served = new Map<string, ServedOpenApiDocument>();
  private readonly byPath: Map<string, GroupVersionDocument>;
  private indexDocument?: ServedOpenApiDocument;

  private constructor(docs: readonly GroupVersionDocument[]) {
    this.byPath = new Map(docs.map(doc => [doc.path, doc]));
  }

  /** The documents of every group-version in the registry. */
  static fromRegistry(registry: SchemaRegistry): OpenApiV3Documents {
    return new OpenApiV3Documents(registry.documents());
  }

  /** Group-version paths in the index, e.g. `apis/batch/v1`. */
  paths(): string[] {
    return [...this.byPath.keys()].sort();
  }

  /** `GET /openapi/v3`: the index of group-version documents. */
  index(): ServedOpenApiDocument {
    if (!this.indexDocument) {
      const index: OpenApiV3Index = { paths: {} };
      for (const path of this.paths()) {
        index.paths[path] = {
          serverRelativeURL: this.document(path)!.serverRelativeURL,
        };
      }
      this.indexDocument = served('', JSON.stringify(index));
    }
    return this.indexDocument;
  }

  /**
   * `GET /openapi/v3/<path>` for a group-version, given as `apis/batch/v1`
   * or the request path `/openapi/v3/apis/batch/v1` (a query is ignored).
   *
   * @returns undefined for an unknown group-version (the server sends 404)
   */
  document(path: string): ServedOpenApiDocument | undefined {
    const query = path.search(/[?#]/);
    const key = (query === -1 ? path : path.slice(0, query))
      .replace(/^\/?(openapi\/v3\/?)?/, '')
      .replace(/\/$/, '');
    const cached = this.served.get(key);
    if (cached) {
      return cached;
    }
    const doc = this.byPath.get(key);
    if (!doc) {
      return undefined;
    }
    const result = served(key, doc.raw ?? JSON.stringify(doc.document));
    this.served.set(key, result);
    return result;
  }
}

function served(path: string, body: string): ServedOpenApiDocument {
  const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
  return {
    path,
    body,
    hash,
    etag: `"${hash}"`,
    serverRelativeURL:
      path === '' ? '/openapi/v3' : `/openapi/v3/${path}?hash=${hash}`,
  };
}
