import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Server } from 'node:http';

/** An HTTP method and an OpenAPI path, `GET /fleet/heatmap`. */
export type Operation = string;

/** Routes the framework adds to every plugin: auth, actions, permissions. */
const FRAMEWORK_ROUTE = /^\w+ \/\.(backstage|well-known\/backstage)\//;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** The operations a parsed OpenAPI document lists, as `METHOD /path`. */
export function documentedOperations(document: {
  paths: Record<string, Record<string, unknown>>;
}): Operation[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter(key => METHODS.includes(key))
        .map(method => `${method.toUpperCase()} ${path}`),
    )
    .sort();
}

interface ExpressLayer {
  regexp: RegExp & { fast_slash?: boolean };
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: ExpressLayer[] };
}

/**
 * The routes the running test backend has registered under `basePath` (the
 * plugin's `/api/<id>`), as `METHOD /path` with Express `:params` written
 * OpenAPI's way (`{param}`). It walks the Express app that serves `server`,
 * so it sees what the plugin's router really registered. The framework's
 * own routes (`/.backstage/` auth and actions, `/.well-known/backstage/`
 * permissions) are left out.
 */
export function registeredOperations(
  server: Server,
  basePath: string,
): Operation[] {
  const app = server.listeners('request')[0] as {
    _router?: { stack: ExpressLayer[] };
  };
  if (!app?._router) throw new Error('The server is not an Express app');
  const found = new Set<Operation>();
  // `rest` is what is left of `basePath` to match; once it is used up,
  // `prefix` collects the paths of routers the plugin mounts below it.
  const walk = (stack: ExpressLayer[], rest: string, prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        if (rest !== '') continue;
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') {
            const path = `${prefix}${layer.route.path}`;
            found.add(
              `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`,
            );
          }
        }
      } else if (layer.handle.stack) {
        if (layer.regexp.fast_slash) {
          walk(layer.handle.stack, rest, prefix);
        } else if (rest) {
          const match = layer.regexp.exec(rest);
          if (match) {
            walk(layer.handle.stack, rest.slice(match[0].length), prefix);
          }
        } else {
          walk(layer.handle.stack, '', `${prefix}${mountPath(layer)}`);
        }
      }
    }
  };
  walk(app._router.stack, basePath, '');
  return [...found].filter(op => !FRAMEWORK_ROUTE.test(op)).sort();
}

function mountPath(layer: ExpressLayer): string {
  return mountPathOf(layer.regexp.source);
}

/**
 * The literal path a router is mounted at, from the source of Express 4's
 * layer regexp (`^\/api\/cost\/?(?=\/|$)`). Linear: every repetition of the
 * group starts with `\/`, which `[\w.-]` cannot match, so there is one way
 * to split any input.
 */
export function mountPathOf(source: string): string {
  const literal = /^\^((?:\\\/[\w.-]+)+)\\\/\?\(\?=\\\/\|\$\)$/.exec(source);
  if (!literal) {
    throw new Error(`Cannot read the mount path of ${source}`);
  }
  return literal[1].replace(/\\\//g, '/');
}

/** A response as supertest records it. */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
  request: { method: string; url: string };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

interface ResponseObject {
  $ref?: string;
  content?: Record<string, unknown>;
}

/** A JSON pointer segment, escaped (RFC 6901) and then for a URI fragment. */
const pointer = (segment: string) =>
  encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));

/**
 * Checks real responses against the document: the operation (method and
 * path template under `basePath`), the status and the media type must be
 * documented, and the body must match that response's schema. OpenAPI 3.0's
 * `nullable` is read by Ajv, formats such as `date-time` by ajv-formats;
 * unknown OpenAPI keywords such as `example` are ignored.
 */
export async function contractOf(specPath: string, basePath: string) {
  const document = (await SwaggerParser.parse(specPath)) as OpenApiDocument;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi');
  const templates = Object.keys(document.paths).map(template => ({
    template,
    pattern: new RegExp(
      `^${template
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{\w+\}/g, '[^/]+')}$`,
    ),
  }));

  /** The validation errors of `value` against the schema at `ref`. */
  const errorsAt = (ref: string, value: unknown) => {
    const validate = ajv.getSchema(`openapi${ref}`);
    if (!validate) throw new Error(`No schema at ${ref} in ${specPath}`);
    return validate(value) ? [] : validate.errors ?? [];
  };

  return {
    document,
    /** The problems of a real response against the document (none: it matches). */
    responseErrors(res: RecordedResponse): unknown[] {
      const method = res.request.method.toLowerCase();
      const path = new URL(res.request.url).pathname.slice(basePath.length);
      const template = templates.find(t => t.pattern.test(path))?.template;
      const operation = template
        ? (document.paths[template][method] as
            | { responses: Record<string, ResponseObject> }
            | undefined)
        : undefined;
      if (!template || !operation) {
        return [`${method.toUpperCase()} ${path} is not documented`];
      }
      const documented = operation.responses[String(res.status)];
      if (!documented) {
        return [`${res.status} is not documented for ${method} ${template}`];
      }
      const ref =
        documented.$ref ??
        `#/paths/${pointer(template)}/${method}/responses/${res.status}`;
      const response = documented.$ref
        ? (
            document as unknown as {
              components: { responses: Record<string, ResponseObject> };
            }
          ).components.responses[documented.$ref.split('/').pop()!]
        : documented;
      if (!response.content) {
        return res.text ? [`${res.status} has a body but documents none`] : [];
      }
      const mediaType = (res.headers['content-type'] ?? '')
        .split(';')[0]
        .trim();
      if (!response.content[mediaType]) {
        return [`${mediaType} is not documented for ${res.status}`];
      }
      const value = mediaType === 'application/json' ? res.body : res.text;
      return errorsAt(`${ref}/content/${pointer(mediaType)}/schema`, value);
    },
    /** The validation errors of `value` against `components/schemas/<name>`. */
    schemaErrors(name: string, value: unknown) {
      return errorsAt(`#/components/schemas/${name}`, value);
    },
  };
}
