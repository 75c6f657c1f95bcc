import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { ApiError } from './ApiError';
import { FaultInjector, Verb } from './FaultInjector';
import {
  DeleteOptions,
  FieldValidation,
  KubernetesApi,
  WriteOptions,
} from './KubernetesApi';
import {
  apiVersionOf,
  findResource,
  RESOURCE_TYPES,
  RESOURCE_VERBS,
  ResourceType,
  servedGroups,
} from './resources';
import { toTable } from './tables';
import { KubeObject, WatchEvent } from './types';

/** A JSON document ready to send, with its ETag. */
export interface ServedDocument {
  body: string;
  etag: string;
}

/** What the server serves under `/openapi/v3`. */
export interface OpenApiSource {
  /** The `/openapi/v3` index. */
  index(): ServedDocument;
  /** The document for `api/v1` or `apis/<group>/<version>`, or undefined. */
  document(groupVersionPath: string): ServedDocument | undefined;
}

/** A bearer token the server accepts, and who it stands for. */
export interface ApiToken {
  token: string;
  user: string;
  /** A read-only identity: writes are Forbidden, as for a `view` binding. */
  readOnly?: boolean;
}

export interface KubernetesApiServerOptions {
  api: KubernetesApi;
  tokens: ApiToken[];
  faults: FaultInjector;
  openApi?: OpenApiSource;
  /** PEM key and certificate for HTTPS; plain HTTP when absent. */
  tls?: { key: string; cert: string };
  port?: number;
  /** `gitVersion` reported at /version. */
  version?: string;
}

interface ParsedPath {
  type: ResourceType;
  version: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-cache, private',
  });
  res.end(payload);
}

function sendError(res: ServerResponse, error: ApiError) {
  send(res, error.code, error.status);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, contentType: string): unknown {
  if (contentType.includes('protobuf')) {
    throw ApiError.unsupportedMediaType(contentType);
  }
  if (!text.trim()) return undefined;
  try {
    if (contentType.includes('yaml')) return parseYaml(text);
    return JSON.parse(text);
  } catch (error) {
    throw ApiError.badRequest(
      `error decoding request body: ${(error as Error).message}`,
    );
  }
}

function wantsTable(accept: string | undefined): boolean {
  return Boolean(accept?.split(',').some(part => /as=Table/.test(part)));
}

/**
 * The HTTP(S) front of the emulator: the Kubernetes REST paths, bearer-token
 * authentication, discovery, `/openapi/v3`, Tables for kubectl, watch streams
 * and injected faults.
 */
export class KubernetesApiServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<() => void>();
  private url = '';

  constructor(private readonly options: KubernetesApiServerOptions) {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(error => {
        const apiError =
          error instanceof ApiError ? error : ApiError.internal(String(error));
        if (!res.headersSent) sendError(res, apiError);
        else res.end();
      });
    };
    this.server = options.tls
      ? https.createServer(
          { key: options.tls.key, cert: options.tls.cert },
          handler,
        )
      : http.createServer(handler);
    const track = (socket: Socket) => {
      if (options.faults.down) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    };
    this.server.on(options.tls ? 'secureConnection' : 'connection', track);
    if (options.tls) {
      // Refuse before the TLS handshake too, as a stopped apiserver would.
      this.server.on('connection', (socket: Socket) => {
        if (options.faults.down) socket.destroy();
      });
    }
  }

  /** Listens on 127.0.0.1 and returns the base URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.watches.forEach(stop => stop());
    this.watches.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private authenticate(req: IncomingMessage) {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s(.+)$/i.exec(header);
    return match
      ? this.options.tokens.find(t => t.token === match[1].trim())
      : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = trimTrailingSlashes(url.pathname) || '/';
    if (this.options.faults.down) {
      req.socket.destroy();
      return;
    }
    const identity = this.authenticate(req);
    if (!identity && !PUBLIC_PATHS.has(path)) throw ApiError.unauthorized();

    if (path === '/version') {
      send(res, 200, {
        major: '1',
        minor: '35',
        gitVersion: this.options.version ?? 'v1.35.0-cluster-sim',
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'go1.25.0',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
      return;
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (
      path === '/api' ||
      path === '/apis' ||
      /^\/apis?\/[^/]+(\/[^/]+)?$/.test(path)
    ) {
      if (this.discovery(path, res)) return;
    }
    if (path === '/openapi/v3' || path.startsWith('/openapi/v3/')) {
      this.openApi(path, res);
      return;
    }
    const parsed = this.parsePath(path);
    if (!parsed) throw ApiError.pathNotFound();
    await this.resource(req, res, url, parsed, identity!);
  }

  private discovery(path: string, res: ServerResponse): boolean {
    const groups = servedGroups();
    if (path === '/api') {
      send(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          {
            clientCIDR: '0.0.0.0/0',
            serverAddress: this.url.replace(/^https?:\/\//, ''),
          },
        ],
      });
      return true;
    }
    const groupDoc = ({
      group,
      versions,
    }: {
      group: string;
      versions: string[];
    }) => ({
      name: group,
      versions: versions.map(v => ({
        groupVersion: apiVersionOf(group, v),
        version: v,
      })),
      preferredVersion: {
        groupVersion: apiVersionOf(group, versions[0]),
        version: versions[0],
      },
    });
    if (path === '/apis') {
      send(res, 200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.filter(g => g.group).map(groupDoc),
      });
      return true;
    }
    const parts = path.split('/').filter(Boolean);
    const [root, groupOrVersion, version] = parts;
    if (root === 'api' && parts.length === 2) {
      return this.resourceList('', groupOrVersion, res);
    }
    if (root === 'apis' && parts.length === 2) {
      const group = groups.find(g => g.group === groupOrVersion);
      if (!group) return false;
      send(res, 200, {
        kind: 'APIGroup',
        apiVersion: 'v1',
        ...groupDoc(group),
      });
      return true;
    }
    if (root === 'apis' && parts.length === 3) {
      return this.resourceList(groupOrVersion, version, res);
    }
    return false;
  }

  private resourceList(
    group: string,
    version: string,
    res: ServerResponse,
  ): boolean {
    const types = RESOURCE_TYPES.filter(
      r => r.group === group && r.versions.includes(version),
    );
    if (!types.length) return false;
    send(res, 200, {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersionOf(group, version),
      resources: types.flatMap(r => [
        {
          name: r.plural,
          singularName: r.singular,
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: RESOURCE_VERBS,
          ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
          ...(r.categories.length ? { categories: r.categories } : {}),
        },
        ...(r.hasStatus
          ? [
              {
                name: `${r.plural}/status`,
                singularName: '',
                namespaced: r.namespaced,
                kind: r.kind,
                verbs: ['get', 'patch', 'update'],
              },
            ]
          : []),
      ]),
    });
    return true;
  }

  private openApi(path: string, res: ServerResponse) {
    const source = this.options.openApi;
    if (!source) throw ApiError.pathNotFound();
    const doc =
      path === '/openapi/v3'
        ? source.index()
        : source.document(path.slice('/openapi/v3/'.length));
    if (!doc) throw ApiError.pathNotFound();
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(doc.body),
      ETag: doc.etag,
      'Cache-Control': 'no-cache, private',
    });
    res.end(doc.body);
  }

  /** Parses `/api/v1/...` and `/apis/<group>/<version>/...` resource paths. */
  private parsePath(path: string): ParsedPath | undefined {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api') {
      [group, version, rest] = ['', parts[1], parts.slice(2)];
    } else if (parts[0] === 'apis') {
      [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
    } else {
      return undefined;
    }
    if (!version || rest.length === 0) return undefined;
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const nested = findResource(group, version, rest[2]);
      if (nested?.namespaced) {
        namespace = rest[1];
        rest = rest.slice(2);
      }
    }
    const type = findResource(group, version, rest[0]);
    if (!type) return undefined;
    if (type.namespaced === false && namespace) return undefined;
    const [, name, subresource] = rest;
    if (
      rest.length > 3 ||
      (subresource && !(subresource === 'status' && type.hasStatus))
    ) {
      // Namespaces have /finalize and /status; other subresources are not served.
      if (!(type.kind === 'Namespace' && subresource === 'finalize'))
        return undefined;
    }
    return { type, version, namespace, name, subresource };
  }

  private verbOf(method: string, parsed: ParsedPath, url: URL): Verb {
    const watch = url.searchParams.get('watch');
    switch (method) {
      case 'GET':
        if (watch === 'true' || watch === '1') return 'watch';
        return parsed.name ? 'get' : 'list';
      case 'POST':
        return 'create';
      case 'PUT':
        return 'update';
      case 'PATCH':
        return 'patch';
      case 'DELETE':
        return parsed.name ? 'delete' : 'deletecollection';
      default:
        throw ApiError.methodNotAllowed();
    }
  }

  private async resource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    parsed: ParsedPath,
    identity: ApiToken,
  ) {
    const { api, faults } = this.options;
    const { type, version, namespace, name, subresource } = parsed;
    const verb = this.verbOf(req.method ?? 'GET', parsed, url);

    const fault = faults.decide({ verb, resource: type.plural, namespace });
    if (fault.delayMs) await new Promise(r => setTimeout(r, fault.delayMs));
    if (fault.drop) {
      req.socket.destroy();
      return;
    }
    if (fault.error) {
      const error =
        fault.error.status === 503
          ? ApiError.serviceUnavailable(fault.error.message)
          : ApiError.internal(fault.error.message);
      send(res, fault.error.status, {
        ...error.status,
        code: fault.error.status,
      });
      return;
    }

    const readOnlyVerbs: Verb[] = ['get', 'list', 'watch'];
    if (identity.readOnly && !readOnlyVerbs.includes(verb)) {
      const scope = namespace
        ? ` in the namespace "${namespace}"`
        : ' at the cluster scope';
      throw ApiError.forbidden(
        { group: type.group, plural: type.plural },
        name ?? '',
        `User "${identity.user}" cannot ${verb} resource "${type.plural}" in API group "${type.group}"${scope}`,
      );
    }

    const q = url.searchParams;
    const contentType = req.headers['content-type'] ?? 'application/json';
    const userAgent =
      (req.headers['user-agent'] ?? '').split('/')[0] || 'unknown';
    const writeOptions = (): WriteOptions => ({
      fieldManager:
        q.get('fieldManager') ?? (verb === 'patch' ? undefined : userAgent),
      dryRun: q.getAll('dryRun').includes('All'),
      fieldValidation:
        (q.get('fieldValidation') as FieldValidation | null) ?? 'Ignore',
      force: q.get('force') === 'true',
      subresource: subresource === 'status' ? 'status' : undefined,
    });
    const table = wantsTable(req.headers.accept);
    const present = (obj: KubeObject) =>
      table
        ? toTable(type.kind, [obj], obj.metadata.resourceVersion ?? '')
        : obj;

    switch (verb) {
      case 'get':
        send(res, 200, present(api.get(type, version, namespace, name!)));
        return;
      case 'list': {
        const result = api.list(type, version, namespace, {
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector: q.get('fieldSelector') ?? undefined,
          limit: q.has('limit') ? Number(q.get('limit')) : undefined,
          continue: q.get('continue') ?? undefined,
        });
        if (table) {
          const t = toTable(type.kind, result.items, result.resourceVersion);
          send(res, 200, {
            ...t,
            metadata: { ...t.metadata, continue: result.continue },
          });
          return;
        }
        send(res, 200, {
          kind: `${type.kind}List`,
          apiVersion: apiVersionOf(type.group, version),
          metadata: {
            resourceVersion: result.resourceVersion,
            ...(result.continue
              ? {
                  continue: result.continue,
                  remainingItemCount: result.remainingItemCount,
                }
              : {}),
          },
          items: result.items.map(o => {
            if (!type.builtIn) return o;
            const { apiVersion: _a, kind: _k, ...rest } = o;
            return rest;
          }),
        });
        return;
      }
      case 'watch':
        this.watch(req, res, parsed, q, table);
        return;
      case 'create': {
        if (name) throw ApiError.methodNotAllowed();
        const body = parseBody(await readBody(req), contentType);
        send(
          res,
          201,
          present(api.create(type, version, namespace, body, writeOptions())),
        );
        return;
      }
      case 'update': {
        const body = parseBody(await readBody(req), contentType);
        const existed = api.store.get(type, namespace, name!) !== undefined;
        const result = api.update(
          type,
          version,
          namespace,
          name!,
          body,
          writeOptions(),
        );
        send(res, existed ? 200 : 201, present(result));
        return;
      }
      case 'patch': {
        const body = parseBody(await readBody(req), contentType);
        const existed = api.store.get(type, namespace, name!) !== undefined;
        const result = api.patch(
          type,
          version,
          namespace,
          name!,
          contentType,
          body,
          writeOptions(),
        );
        send(res, existed ? 200 : 201, present(result));
        return;
      }
      case 'delete': {
        const body = parseBody(await readBody(req), 'application/json') as
          | DeleteOptions
          | undefined;
        const options: DeleteOptions = {
          propagationPolicy:
            (q.get(
              'propagationPolicy',
            ) as DeleteOptions['propagationPolicy']) ?? body?.propagationPolicy,
          dryRun:
            q.getAll('dryRun').includes('All') ||
            Boolean((body as any)?.dryRun?.includes?.('All')),
        };
        send(res, 200, api.delete(type, version, namespace, name!, options));
        return;
      }
      case 'deletecollection': {
        const result = api.deleteCollection(type, version, namespace, {
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector: q.get('fieldSelector') ?? undefined,
        });
        send(res, 200, {
          kind: `${type.kind}List`,
          apiVersion: apiVersionOf(type.group, version),
          metadata: { resourceVersion: result.resourceVersion },
          items: result.items,
        });
        return;
      }
      default:
        throw ApiError.methodNotAllowed();
    }
  }

  /** Streams watch events as newline-delimited JSON until timeout or disconnect. */
  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    parsed: ParsedPath,
    q: URLSearchParams,
    table: boolean,
  ) {
    const { type, version, namespace, name } = parsed;
    let fieldSelector = q.get('fieldSelector') ?? undefined;
    if (name)
      fieldSelector = [fieldSelector, `metadata.name=${name}`]
        .filter(Boolean)
        .join(',');
    const events: WatchEvent[] = [];
    let ready = false;
    const write = (event: WatchEvent) => {
      const object =
        table && event.type !== 'BOOKMARK'
          ? toTable(
              type.kind,
              [event.object],
              event.object.metadata.resourceVersion ?? '',
            )
          : event.object;
      res.write(`${JSON.stringify({ type: event.type, object })}\n`);
    };
    // Subscribing may replay history synchronously: buffer until headers are out.
    const unsubscribe = this.options.api.watch(
      type,
      version,
      namespace,
      {
        labelSelector: q.get('labelSelector') ?? undefined,
        fieldSelector,
        resourceVersion: q.get('resourceVersion') ?? undefined,
      },
      event => (ready ? write(event) : events.push(event)),
    );
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache, private',
    });
    res.flushHeaders();
    ready = true;
    events.forEach(write);

    const timers: NodeJS.Timeout[] = [];
    const stop = () => {
      unsubscribe();
      timers.forEach(t => clearTimeout(t));
      this.watches.delete(stop);
      if (!res.writableEnded) res.end();
    };
    this.watches.add(stop);
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? 1800);
    timers.push(setTimeout(stop, timeoutSeconds * 1000));
    if (q.get('allowWatchBookmarks') === 'true') {
      const bookmark = () => {
        write({
          type: 'BOOKMARK',
          object: {
            apiVersion: apiVersionOf(type.group, version),
            kind: type.kind,
            metadata: {
              name: '',
              resourceVersion: this.options.api.store.resourceVersion,
            },
          },
        });
        timers.push(setTimeout(bookmark, 30_000));
      };
      timers.push(setTimeout(bookmark, 30_000));
    }
    req.on('close', stop);
  }
}

/** `path` without trailing slashes, in linear time (unlike `/\/+$/`). */
function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}
