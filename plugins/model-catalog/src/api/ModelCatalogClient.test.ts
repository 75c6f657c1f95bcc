import { mockApis } from '@backstage/test-utils';
import { ModelCatalogClient } from './ModelCatalogClient';

describe('ModelCatalogClient', () => {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://backend' });

  it('reads a model card from the catalog and GPU classes from gpu-provisioning', async () => {
    const fetch = jest.fn(async (url: string) => {
      if (url.endsWith('/api/catalog/model-cards/default/llama%203')) {
        return new Response(JSON.stringify({ frontMatter: {}, body: '# x' }));
      }
      return new Response(
        JSON.stringify({
          classes: [
            {
              id: 'h100',
              displayName: 'H100',
              memoryMiB: 81559,
              hourlyRate: 4,
            },
          ],
          policy: {},
        }),
      );
    });
    const client = new ModelCatalogClient({
      discoveryApi,
      fetchApi: { fetch } as any,
    });
    expect(
      await client.getModelCard({ namespace: 'default', name: 'llama 3' }),
    ).toEqual({
      frontMatter: {},
      body: '# x',
    });
    expect(await client.getGpuClasses()).toEqual([
      { id: 'h100', displayName: 'H100', memoryMiB: 81559 },
    ]);
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backend/api/gpu-provisioning/classes',
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('turns a failed response into a ResponseError', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'no card' },
          }),
          {
            status: 404,
            statusText: 'Not Found',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const client = new ModelCatalogClient({
      discoveryApi,
      fetchApi: { fetch } as any,
    });
    await expect(
      client.getModelCard({ namespace: 'default', name: 'x' }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 404 });
  });

  it('reads serving figures from gpu-metrics and serving costs from cost through their generated clients', async () => {
    const fetch = jest.fn(
      async (_url: string) => new Response(JSON.stringify({ servers: [] })),
    );
    const client = new ModelCatalogClient({
      discoveryApi,
      fetchApi: { fetch } as any,
    });
    await client.getServing({
      entityRef: 'component:default/shared-llm-inference',
      window: '6h',
    });
    await client.getServingCosts({
      entityRef: 'component:default/shared-llm-inference',
      window: '7d',
    });
    expect(await client.listServingCosts({ window: '24h' })).toEqual({
      servers: [],
    });
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([
      'http://backend/api/gpu-metrics/serving?entityRef=component%3Adefault%2Fshared-llm-inference&window=6h',
      'http://backend/api/cost/serving-costs?entityRef=component%3Adefault%2Fshared-llm-inference&window=7d',
      'http://backend/api/cost/serving-costs/models?window=24h',
    ]);
  });

  it('turns a refused serving call into a ResponseError with its status', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'not your team' },
          }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ),
    );
    const client = new ModelCatalogClient({
      discoveryApi,
      fetchApi: { fetch } as any,
    });
    await expect(
      client.getServing({ entityRef: 'component:default/x', window: '1h' }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
    await expect(
      client.listServingCosts({ window: '1h' }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
  });
});
