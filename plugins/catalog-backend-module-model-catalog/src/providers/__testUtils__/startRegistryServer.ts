import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** Answers one request: a status and a JSON (or raw string) body. */
export type RegistryHandler = (
  url: URL,
  request: IncomingMessage,
) => { status?: number; body: unknown } | undefined;

/** A local HTTP server standing in for a model registry. */
export interface RegistryServer {
  baseUrl: string;
  /** Every request's path and query, in order. */
  requests: string[];
  /** Replaces the handler, for failures mid-test. */
  setHandler(handler: RegistryHandler): void;
  close(): Promise<void>;
}

/** Starts a registry stand-in on a free port of 127.0.0.1. */
export async function startRegistryServer(
  handler: RegistryHandler,
): Promise<RegistryServer> {
  let current = handler;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const answer = current(url, req);
    if (!answer) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error_code: 'ENDPOINT_NOT_FOUND',
          message: `No ${url.pathname}`,
        }),
      );
      return;
    }
    res.writeHead(answer.status ?? 200, {
      'content-type': 'application/json',
    });
    res.end(
      typeof answer.body === 'string'
        ? answer.body
        : JSON.stringify(answer.body),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    setHandler: h => {
      current = h;
    },
    close: () =>
      new Promise<void>((r, j) => server.close(e => (e ? j(e) : r()))),
  };
}

/** Serves `items` in pages the way MLflow does: `max_results` and `page_token`. */
export function mlflowPage(
  url: URL,
  key: string,
  items: unknown[],
): { body: unknown } {
  const size = Number(url.searchParams.get('max_results') ?? 100);
  const offset = Number(url.searchParams.get('page_token') ?? 0);
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? String(offset + size) : undefined;
  return {
    body: { [key]: page, ...(next ? { next_page_token: next } : {}) },
  };
}
