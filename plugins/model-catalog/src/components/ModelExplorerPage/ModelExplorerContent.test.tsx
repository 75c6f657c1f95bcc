import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { ModelExplorerContent } from './ModelExplorerContent';
import { embedder, llama, server } from '../../__fixtures__/models';

jest.setTimeout(60_000);

describe('ModelExplorerContent', () => {
  it('lists models, filters by facet and search, and switches to a table', async () => {
    renderInTestApp(<ModelExplorerContent />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [catalogApiMock({ entities: [llama, embedder, server] })],
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
      apis: [catalogApiMock({ entities: [server] })],
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
      ],
    });
    expect(
      (await screen.findAllByText(/catalog is down/)).length,
    ).toBeGreaterThan(0);
  });
});
