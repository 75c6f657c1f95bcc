import { spawn } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A pull or merge request the stand-in was asked for. */
export type RecordedChangeRequest = {
  path: string;
  /** Whether the request carried the integration's token as the host expects it. */
  authorized: boolean;
  body: any;
};

/**
 * A GitHub or GitLab host on 127.0.0.1 for tests: bare repositories under
 * `root` served over git's smart HTTP protocol by `git http-backend` (CGI,
 * receive-pack enabled) behind the host's Basic authentication, and the REST
 * endpoint that opens pull requests (`/api/v3`) or merge requests (`/api/v4`),
 * which records each request.
 */
export async function startGitHostStandIn(options: {
  provider: 'github' | 'gitlab';
  root: string;
  token: string;
  /** Called before each git request is served, e.g. to move a ref meanwhile. */
  beforeGitRequest?: (request: string) => void;
}) {
  const { provider, root, token } = options;
  const gitUser = provider === 'github' ? 'x-access-token' : 'oauth2';
  const gitAuthorization = `Basic ${Buffer.from(`${gitUser}:${token}`).toString(
    'base64',
  )}`;
  const apiAuthorization =
    provider === 'github' ? `token ${token}` : `Bearer ${token}`;
  const changeRequests: RecordedChangeRequest[] = [];
  const gitRequests: string[] = [];
  let origin = '';

  const readBody = async (req: http.IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const api = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
  ) => {
    const github = /^\/api\/v3\/repos\/[^/]+\/[^/]+\/pulls$/.exec(path);
    const gitlab = /^\/api\/v4\/projects\/[^/]+\/merge_requests$/.exec(path);
    if (req.method !== 'POST' || !(provider === 'github' ? github : gitlab)) {
      res.writeHead(404).end('{}');
      return;
    }
    const body = JSON.parse(await readBody(req));
    const authorized = req.headers.authorization === apiAuthorization;
    changeRequests.push({ path, authorized, body });
    if (!authorized) {
      res.writeHead(401).end('{"message":"Bad credentials"}');
      return;
    }
    const number = changeRequests.length;
    const repo = path.split('/').slice(4, 6).join('/');
    const project = decodeURIComponent(path.split('/')[4]);
    res.writeHead(201, { 'Content-Type': 'application/json' }).end(
      JSON.stringify(
        provider === 'github'
          ? { number, html_url: `${origin}/${repo}/pull/${number}` }
          : {
              iid: number,
              web_url: `${origin}/${project}/-/merge_requests/${number}`,
            },
      ),
    );
  };

  const gitBackend = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    query: string,
  ) => {
    gitRequests.push(`${req.method} ${path}?${query}`);
    options.beforeGitRequest?.(`${req.method} ${path}?${query}`);
    if (req.headers.authorization !== gitAuthorization) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      // http-backend enables receive-pack for an authenticated user.
      REMOTE_USER: gitUser,
      REMOTE_ADDR: '127.0.0.1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: path,
      QUERY_STRING: query,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
    };
    if (req.headers['content-length']) {
      env.CONTENT_LENGTH = req.headers['content-length'];
    }
    if (req.headers['git-protocol']) {
      env.GIT_PROTOCOL = String(req.headers['git-protocol']);
    }
    if (req.headers['content-encoding']) {
      env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
    }
    const child = spawn('git', ['http-backend'], { env });
    req.pipe(child.stdin);
    const out: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.on('close', () => {
      const all = Buffer.concat(out);
      const end = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, end).toString('latin1');
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.split('\r\n')) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else if (name) headers[name] = value;
      }
      res.writeHead(status, headers).end(all.subarray(end + 4));
    });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = decodeURIComponent(url.pathname);
    if (url.pathname.startsWith('/api/')) {
      api(req, res, url.pathname).catch(() => res.writeHead(500).end());
    } else {
      gitBackend(req, res, path, url.search.slice(1));
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    host: `127.0.0.1:${port}`,
    origin,
    changeRequests,
    gitRequests,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
