import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { GpuMetricsClient } from './GpuMetricsClient';
import {
  entityUsage,
  fleetHeatmap,
  nodeHeatmap,
  fleetUsage,
  groupUsage,
  unavailableBody,
} from '../__fixtures__/metrics';

const baseUrl = 'http://localhost:7007/api/gpu-metrics';

describe('GpuMetricsClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new GpuMetricsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
  });

  it.each([
    [
      'getEntityUsage',
      () =>
        client.getEntityUsage({
          entityRef: 'component:default/assistant-api',
          window: '24h',
        }),
      '/entity?entityRef=component%3Adefault%2Fassistant-api&window=24h',
      entityUsage,
    ],
    [
      'getGroupUsage',
      () =>
        client.getGroupUsage({
          groupRef: 'group:default/ml-platform',
          window: '7d',
        }),
      '/group?groupRef=group%3Adefault%2Fml-platform&window=7d',
      groupUsage,
    ],
    [
      'getFleetUsage',
      () => client.getFleetUsage({ window: '1h' }),
      '/fleet?window=1h',
      fleetUsage,
    ],
    [
      'getFleetHeatmap',
      () => client.getFleetHeatmap({ window: '6h' }),
      '/fleet/heatmap?window=6h',
      fleetHeatmap,
    ],
    [
      'getFleetHeatmap of a cluster',
      () => client.getFleetHeatmap({ window: '30d', cluster: 'gpu a' }),
      '/fleet/heatmap?window=30d&cluster=gpu+a',
      fleetHeatmap,
    ],
    [
      'getFleetHeatmap of a page of nodes',
      () => client.getFleetHeatmap({ window: '24h', offset: 50, limit: 25 }),
      '/fleet/heatmap?window=24h&offset=50&limit=25',
      fleetHeatmap,
    ],
    [
      "getFleetHeatmap of a node's GPUs",
      () =>
        client.getFleetHeatmap({
          window: '24h',
          cluster: 'gpu-a',
          node: 'node a1',
        }),
      '/fleet/heatmap?window=24h&cluster=gpu-a&node=node+a1',
      nodeHeatmap,
    ],
  ])('%s reads %s', async (_name, call, path, body) => {
    let url = '';
    server.use(
      http.get(`${baseUrl}/*`, ({ request }) => {
        url = request.url;
        return HttpResponse.json(body);
      }),
    );
    await expect(call()).resolves.toEqual(body);
    expect(url).toBe(`${baseUrl}${path}`);
  });

  it.each([
    [503, unavailableBody],
    [
      400,
      {
        error: { name: 'InputError', message: 'window: must be one of 1h…' },
        response: { statusCode: 400 },
      },
    ],
  ])(
    'throws a ResponseError with the backend message on %s',
    async (status, body) => {
      server.use(
        http.get(`${baseUrl}/fleet`, () => HttpResponse.json(body, { status })),
      );
      const error = await client.getFleetUsage({ window: '24h' }).catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.cause.message).toBe(body.error.message);
    },
  );
});
