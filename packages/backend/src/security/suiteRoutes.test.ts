import { mockCredentials } from '@backstage/backend-test-utils';
import { writeFileSync } from 'node:fs';
import { listRoutes, PluginRoute } from './__testUtils__/listRoutes';
import { startSuiteBackend } from './__testUtils__/startSuiteBackend';

/**
 * State-changing routes meant for other backends, as `METHOD /api/<id>/path`.
 * Scheduled work calls services in-process, so the only ones are the
 * withdrawals of an approval and of a GPU request waiting for its approver,
 * each allowed to the one service that asked on the user's behalf (403 for
 * any other, tested in each plugin).
 */
const SERVICE_ROUTES: string[] = [
  'POST /api/approvals/approvals/:id/withdraw',
  'POST /api/gpu-provisioning/requests/:id/withdraw',
];

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'ALL']);

/**
 * Routes Backstage's HTTP router and service framework add to every plugin
 * (auth cookies and keys, permission conditions, the actions registry), with
 * their own auth rules; the suite's routes are everything else.
 */
function isFrameworkRoute(route: PluginRoute): boolean {
  return (
    route.path.startsWith('/.backstage/') ||
    route.path.startsWith('/.well-known/backstage/')
  );
}

function url(baseUrl: string, route: PluginRoute): string {
  const path = route.path.replace(/:[A-Za-z_]\w*/g, 'x');
  return `${baseUrl}/api/${route.pluginId}${path}`;
}

function send(
  baseUrl: string,
  route: PluginRoute,
  method: string,
  authorization?: string,
) {
  return fetch(url(baseUrl, route), {
    method,
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
  });
}

describe('every route of the suite', () => {
  let suite: Awaited<ReturnType<typeof startSuiteBackend>>;
  let routes: PluginRoute[];

  beforeAll(async () => {
    suite = await startSuiteBackend();
    routes = suite.mounted
      .flatMap(m => listRoutes(m.pluginId, m.router))
      .filter(route => !isFrameworkRoute(route));
    if (process.env.ROUTE_INVENTORY_OUT) {
      writeFileSync(
        process.env.ROUTE_INVENTORY_OUT,
        JSON.stringify(routes, null, 2),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await suite?.stop();
  });

  it('is found in every plugin the suite mounts', () => {
    const plugins = new Set(routes.map(r => r.pluginId));
    expect([...plugins].sort()).toEqual(
      expect.arrayContaining([
        'catalog',
        'compliance',
        'cost',
        'gpu-metrics',
        'gpu-provisioning',
      ]),
    );
    expect(routes.length).toBeGreaterThan(30);
  });

  it('refuses a request without credentials with 401', async () => {
    const answered: string[] = [];
    for (const route of routes) {
      const method = route.method === 'ALL' ? 'GET' : route.method;
      const res = await send(suite.baseUrl, route, method);
      answered.push(
        `${res.status} ${method} /api/${route.pluginId}${route.path}`,
      );
    }
    expect(answered.filter(a => !a.startsWith('401 '))).toEqual([]);
  });

  it('refuses a service token on every route that changes state', async () => {
    const answered: string[] = [];
    for (const route of routes.filter(r => STATE_CHANGING.has(r.method))) {
      const method = route.method === 'ALL' ? 'POST' : route.method;
      const name = `${method} /api/${route.pluginId}${route.path}`;
      if (SERVICE_ROUTES.includes(name)) continue;
      const res = await send(
        suite.baseUrl,
        route,
        method,
        mockCredentials.service.header(),
      );
      answered.push(`${res.status} ${name}`);
    }
    expect(answered.length).toBeGreaterThan(5);
    expect(answered.filter(a => !a.startsWith('403 '))).toEqual([]);
  });
});
