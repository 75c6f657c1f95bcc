import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ModelServingContent } from './ModelServingContent';
import { modelCatalogApiMock } from '../../__testUtils__/modelCatalogApiMock';
import { llama, server } from '../../__fixtures__/models';
import { sharedLlmCosts, sharedLlmServing } from '../../__fixtures__/serving';

jest.setTimeout(60_000);

const routes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

describe('ModelServingContent', () => {
  it('shows a section per model server that serves the model', async () => {
    const api = modelCatalogApiMock({
      getServing: jest.fn().mockResolvedValue(sharedLlmServing),
      getServingCosts: jest.fn().mockResolvedValue(sharedLlmCosts),
    });
    renderInTestApp(
      <EntityProvider entity={llama}>
        <ModelServingContent />
      </EntityProvider>,
      { ...routes, apis: [api, catalogApiMock({ entities: [llama, server] })] },
    );
    const section = await screen.findByRole('region', {
      name: 'Serving of llama-server (gpu-prod)',
    });
    expect(
      screen.getByText(/One model server serves this model, last 24 hours/),
    ).toBeInTheDocument();
    expect(await within(section).findByText('1,388.9/s')).toBeInTheDocument();
    expect(
      within(section).getByRole('link', { name: 'llama-server (gpu-prod)' }),
    ).toBeInTheDocument();
    expect(
      within(section).getByText('Cost per 1M output tokens').parentElement,
    ).toHaveTextContent('$11.52');
    expect(api.getServing).toHaveBeenCalledTimes(1);
    expect(api.getServing).toHaveBeenCalledWith({
      entityRef: 'component:default/llama-server-ml-platform-gpu-prod',
      window: '24h',
    });
  });

  it('says when no model server serves the model', async () => {
    const api = modelCatalogApiMock();
    renderInTestApp(
      <EntityProvider entity={{ ...llama, relations: [] }}>
        <ModelServingContent />
      </EntityProvider>,
      { ...routes, apis: [api, catalogApiMock({ entities: [] })] },
    );
    expect(
      await screen.findByText('No model server serves this model'),
    ).toBeInTheDocument();
    expect(api.getServing).not.toHaveBeenCalled();
  });

  it('shows a model server its own figures', async () => {
    const api = modelCatalogApiMock({
      getServing: jest.fn().mockResolvedValue(sharedLlmServing),
      getServingCosts: jest.fn().mockResolvedValue(sharedLlmCosts),
    });
    renderInTestApp(
      <EntityProvider entity={server}>
        <ModelServingContent />
      </EntityProvider>,
      { ...routes, apis: [api, catalogApiMock({ entities: [server] })] },
    );
    expect(await screen.findByText('347.2/s')).toBeInTheDocument();
    expect(api.getServing).toHaveBeenCalledWith({
      entityRef: 'component:default/llama-server-ml-platform-gpu-prod',
      window: '24h',
    });
  });
});
