import http from 'node:http';
import { AddressInfo } from 'node:net';
import { GpuProvisioningApiClient } from './generated';

type Seen = {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
};

/** A real HTTP server that records what the client sent. */
async function startRecorder(reply: unknown) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) =>
      `http://127.0.0.1:${port}/api/${pluginId}`,
  };
  return {
    seen,
    client: new GpuProvisioningApiClient({ discoveryApi }),
    close: () => new Promise(done => server.close(done)),
  };
}

describe('GpuProvisioningApiClient (generated from the OpenAPI document)', () => {
  it('finds the backend by plugin id, repeats array query parameters and sends the token', async () => {
    const recorder = await startRecorder({ items: [] });
    try {
      const response = await recorder.client.listRequests(
        { query: { scope: 'all', status: ['active', 'expired'] } },
        { token: 'service-token' },
      );
      expect(response.ok).toBe(true);
      expect(await response.json()).toEqual({ items: [] });
      expect(recorder.seen).toEqual([
        expect.objectContaining({
          method: 'GET',
          url: '/api/gpu-provisioning/requests?scope=all&status=active&status=expired',
          body: '',
        }),
      ]);
      expect(recorder.seen[0].headers.authorization).toBe(
        'Bearer service-token',
      );
    } finally {
      await recorder.close();
    }
  });

  it('encodes path parameters, so an id cannot change the route', async () => {
    const recorder = await startRecorder({});
    try {
      await recorder.client.getRequest({ path: { id: '../quota?team=x#' } });
      expect(recorder.seen[0].url).toBe(
        '/api/gpu-provisioning/requests/..%2Fquota%3Fteam%3Dx%23',
      );
      expect(recorder.seen[0].headers.authorization).toBeUndefined();
    } finally {
      await recorder.close();
    }
  });

  it('sends the JSON body and header parameters of a POST', async () => {
    const recorder = await startRecorder({ id: 'r1' });
    try {
      const body = {
        team: 'group:default/ml-platform',
        cluster: 'gpu-a',
        gpuClass: 'h100',
        count: 1,
        durationHours: 8,
        purpose: 'fine-tuning' as const,
        dataClassification: 'internal' as const,
        justification: 'fine-tune',
      };
      await recorder.client.createRequest(
        { header: { 'Idempotency-Key': 'k-1' }, body },
        { token: 't' },
      );
      expect(recorder.seen[0]).toMatchObject({
        method: 'POST',
        url: '/api/gpu-provisioning/requests',
      });
      expect(recorder.seen[0].headers['content-type']).toBe('application/json');
      expect(recorder.seen[0].headers['idempotency-key']).toBe('k-1');
      expect(JSON.parse(recorder.seen[0].body)).toEqual(body);
    } finally {
      await recorder.close();
    }
  });
});
