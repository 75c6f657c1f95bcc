import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { ModelExplorerContent } from './ModelExplorerContent';
import { Entity } from '@backstage/catalog-model';
import { embedder, llama, server } from '../../__fixtures__/models';
import { modelCatalogApiMock } from '../../__testUtils__/modelCatalogApiMock';

function pricesApi(servers: unknown[] = []) {
  return modelCatalogApiMock({
    listServingCosts: jest.fn().mockResolvedValue({
      window: '24h',
      currency: 'USD',
      method: 'split by prefill and decode time',
      servers,
      errors: [],
    }),
  });
}

const unitCost = (
  entityRef: string | undefined,
  input: string | null,
  output: string | null,
) => ({
  entityRef,
  cluster: 'gpu-prod',
  namespace: 'ml-platform',
  serverAddress: 'x.ml-platform.svc',
  models: [],
  gpuCost: '1',
  usedGpuCost: '1',
  inputTokens: 1,
  outputTokens: 1,
  costPerMillionInputTokens: input,
  costPerMillionOutputTokens: output,
});

jest.setTimeout(60_000);

describe('ModelExplorerContent', () => {
  it('lists models, filters by facet and search, and switches to a table', async () => {
    renderInTestApp(<ModelExplorerContent />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        catalogApiMock({ entities: [llama, embedder, server] }),
        pricesApi(),
      ],
    });
    expect(await screen.findByText('2 of 2 models')).toBeInTheDocument();
    expect(screen.getAllByTestId('model-card')).toHaveLength(2);

    const filters = screen.getByRole('complementary', { name: 'Filters' });
    await userEvent.click(
      within(filters).getByRole('checkbox', { name: 'feature-extraction (1)' }),
    );
    expect(screen.getByText('1 of 2 models')).toBeInTheDocument();
    expect(screen.getByText('BGE Large EN')).toBeInTheDocument();
    expect(screen.queryByText('Llama 3.1 8B Instruct')).not.toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Search models'), 'llama');
    expect(
      screen.getByText('No model matches these filters'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(screen.getByText('2 of 2 models')).toBeInTheDocument();

    await userEvent.click(
      within(filters).getByRole('checkbox', { name: 'h100 (1)' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Table' }));
    const table = await screen.findByRole('table');
    expect(
      within(table).getByText('Llama 3.1 8B Instruct'),
    ).toBeInTheDocument();
    expect(within(table).getByText('8.0B')).toBeInTheDocument();
    expect(within(table).queryByText('BGE Large EN')).not.toBeInTheDocument();
  });

  it('says when there are no models', async () => {
    renderInTestApp(<ModelExplorerContent />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [catalogApiMock({ entities: [server] }), pricesApi()],
    });
    expect(
      await screen.findByText('No models in the catalog yet'),
    ).toBeInTheDocument();
  });

  it('shows a failing catalog', async () => {
    renderInTestApp(<ModelExplorerContent />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [
          catalogApiRef,
          {
            getEntities: jest
              .fn()
              .mockRejectedValue(new Error('catalog is down')),
          },
        ] as any,
        pricesApi(),
      ],
    });
    expect(
      (await screen.findAllByText(/catalog is down/)).length,
    ).toBeGreaterThan(0);
  });

  it('sorts models by their cheapest cost per 1M tokens, models without serving data last', async () => {
    const bge: Entity = {
      ...embedder,
      relations: [
        { type: 'dependencyOf', targetRef: 'component:default/bge-server' },
      ],
    };
    const phi: Entity = {
      ...embedder,
      metadata: { name: 'phi-tiny', namespace: 'default', title: 'Phi Tiny' },
    };
    const api = pricesApi([
      unitCost(
        'component:default/llama-server-ml-platform-gpu-prod',
        '0.72',
        '11.52',
      ),
      unitCost(
        'Component:default/LLAMA-server-ml-platform-gpu-prod',
        '0.9',
        '14',
      ),
      unitCost('component:default/bge-server', '0.0042', null),
      unitCost(undefined, '0.0001', '0.0001'),
    ]);
    renderInTestApp(<ModelExplorerContent />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [catalogApiMock({ entities: [llama, bge, phi, server] }), api],
    });
    expect(await screen.findByText('3 of 3 models')).toBeInTheDocument();
    expect(
      await screen.findByText('$11.52 / 1M output tokens'),
    ).toBeInTheDocument();
    expect(api.listServingCosts).toHaveBeenCalledWith({ window: '24h' });

    await userEvent.click(screen.getByRole('button', { name: 'Table' }));
    const table = await screen.findByRole('table');
    const order = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row =>
          within(row)
            .getAllByRole('cell')
            .map(c => c.textContent)
            .filter((_t, i) => i === 0 || i === 5 || i === 6)
            .join(' | '),
        );
    expect(order()).toEqual([
      'BGE Large EN | $0.0042 | —',
      'Llama 3.1 8B Instruct | $0.72 | $11.52',
      'Phi Tiny | — | —',
    ]);

    await userEvent.click(within(table).getByText('Cost / 1M input tokens'));
    expect(order().map(r => r.split(' | ')[0])).toEqual([
      'BGE Large EN',
      'Llama 3.1 8B Instruct',
      'Phi Tiny',
    ]);
    await userEvent.click(within(table).getByText('Cost / 1M input tokens'));
    expect(order().map(r => r.split(' | ')[0])).toEqual([
      'Llama 3.1 8B Instruct',
      'BGE Large EN',
      'Phi Tiny',
    ]);
    await userEvent.click(within(table).getByText('Cost / 1M output tokens'));
    expect(order().map(r => r.split(' | ')[0])).toEqual([
      'Llama 3.1 8B Instruct',
      'BGE Large EN',
      'Phi Tiny',
    ]);
  });

  it('lists the models when the cost backend fails', async () => {
    renderInTestApp(<ModelExplorerContent />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        catalogApiMock({ entities: [llama, embedder, server] }),
        modelCatalogApiMock({
          listServingCosts: jest.fn().mockRejectedValue(new Error('no cost')),
        }),
      ],
    });
    expect(await screen.findByText('2 of 2 models')).toBeInTheDocument();
    expect(
      await screen.findByText('Costs per 1M tokens are unavailable: no cost'),
    ).toBeInTheDocument();
  });
});
