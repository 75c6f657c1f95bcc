import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { PrometheusClient } from './PrometheusClient';

const SECRETS = ['scott', 'tiger', 'secret-token', 'internal-prometheus'];

describe('PrometheusClient', () => {
  let server: Server;
  let port: number;
  let answer: { status: number; body: string; delayMs?: number };

  beforeAll(async () => {
    server = createServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      }, answer.delayMs ?? 0);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  function client(url: string, configuredAs = 'gpu-prod', timeoutMs = 5000) {
    const logger = mockServices.logger.mock();
    const prometheus = PrometheusClient.create({
      cluster: 'gpu-prod',
      configuredAs,
      url,
      headers: { Authorization: 'Bearer secret-token' },
      cacheTtlMs: 0,
      timeoutMs,
      logger,
    });
    return { prometheus, logger };
  }

  async function failure(p: Promise<unknown>): Promise<Error> {
    try {
      await p;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a failure');
  }

  function expectNoSecrets(error: Error) {
    for (const secret of [...SECRETS, String(port), '127.0.0.1']) {
      expect(error.message).not.toContain(secret);
    }
  }

  it('reads instant vectors', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({
        status: 'success',
        data: { result: [{ metric: { gpu: '0' }, value: [1, '42.5'] }] },
      }),
    };
    const { prometheus } = client(`http://127.0.0.1:${port}`);
    expect(await prometheus.instant('up', 1)).toEqual([
      { metric: { gpu: '0' }, value: 42.5 },
    ]);
  });

  it.each<[typeof answer, string, string]>([
    [
      { status: 503, body: 'internal-prometheus overloaded' },
      "The Prometheus configured for cluster 'gpu-prod' answered 503",
      'ServiceUnavailableError',
    ],
    [
      { status: 429, body: 'slow down' },
      "The Prometheus configured for cluster 'gpu-prod' answered 429",
      'ServiceUnavailableError',
    ],
    [
      { status: 400, body: '{"error":"parse error near internal-prometheus"}' },
      "The Prometheus configured for cluster 'gpu-prod' refused a query (400)",
      'Error',
    ],
    [
      { status: 200, body: '<html>internal-prometheus login</html>' },
      "The Prometheus configured for cluster 'gpu-prod' did not answer with Prometheus JSON",
      'ServiceUnavailableError',
    ],
    [
      { status: 200, body: '{}', delayMs: 1500 },
      "The Prometheus configured for cluster 'gpu-prod' did not answer within 1 s",
      'ServiceUnavailableError',
    ],
  ])(
    'turns %j into %j, logging the detail only',
    async (response, message, name) => {
      answer = response;
      const url = `http://127.0.0.1:${port}/internal-prometheus`;
      const { prometheus, logger } = client(
        url,
        'gpu-prod',
        response.delayMs ? 1000 : 5000,
      );
      const error = await failure(prometheus.instant('up', 1));
      expect(error.message).toBe(message);
      expect(error.name).toBe(name);
      expectNoSecrets(error);
      expect(logger.warn).toHaveBeenCalledWith(
        message,
        expect.objectContaining({ cluster: 'gpu-prod', url }),
      );
      expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(
        'secret-token',
      );
    },
  );

  it('names an unreachable Prometheus by its cluster key', async () => {
    const { prometheus } = client('http://scott:tiger@127.0.0.1:9', '*');
    const error = await failure(
      prometheus.range('up', { start: 0, end: 60, step: 30 }),
    );
    expect(error.message).toBe(
      "The Prometheus configured for cluster '*' (asked for cluster 'gpu-prod') is unreachable",
    );
    expectNoSecrets(error);
  });
});
