import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ModelEntityContent } from './ModelEntityContent';
import { modelCatalogApiMock } from '../../__testUtils__/modelCatalogApiMock';
import { gpuClasses, llama, server } from '../../__fixtures__/models';

jest.setTimeout(60_000);

describe('ModelEntityContent', () => {
  it('shows the card, versions, deployments, GPU fit, lineage and Deploy', async () => {
    const api = modelCatalogApiMock({
      getModelCard: jest.fn().mockResolvedValue({
        frontMatter: { license: 'llama3.1' },
        body: '# Llama 3.1\n\n## Intended Use\n\nChat.',
      }),
      getGpuClasses: jest.fn().mockResolvedValue(gpuClasses),
    });
    renderInTestApp(
      <EntityProvider entity={llama}>
        <ModelEntityContent />
      </EntityProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        apis: [api, catalogApiMock({ entities: [llama, server] })],
      },
    );

    expect(await screen.findByTestId('model-card-body')).toHaveTextContent(
      'Llama 3.1 Intended Use Chat.',
    );
    expect(api.getModelCard).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'llama-3-1-8b-instruct',
    });

    const deploy = screen.getByText('Deploy').closest('a');
    expect(deploy).toHaveAttribute(
      'href',
      '/create/templates/default/llm-inference-service?formData=%7B%22model%22%3A%22resource%3Adefault%2Fllama-3-1-8b-instruct%22%7D',
    );

    const serverRow = (
      await screen.findByText('llama-server (gpu-prod)')
    ).closest('tr')!;
    expect(within(serverRow).getByText('gpu-prod')).toBeInTheDocument();
    expect(
      within(serverRow).getByTitle('group:default/ml-platform'),
    ).toBeInTheDocument();

    expect(screen.getByText('champion')).toBeInTheDocument();
    expect(screen.getByText('Archived')).toBeInTheDocument();

    const fit = (await screen.findByText('NVIDIA L40S (45 GiB)')).closest(
      'tr',
    )!;
    expect(within(fit).getAllByText('✓ 1')).toHaveLength(3);
    const h100 = screen.getByText('NVIDIA H100 80GB (80 GiB)').closest('tr')!;
    expect(within(h100).getAllByText('✓ 1')).toHaveLength(3);
    expect(screen.getByText(/18 GiB at bf16/)).toBeInTheDocument();

    expect(screen.getByText('support-assistant')).toBeInTheDocument();
  });

  it('explains a missing model card and a failing GPU class API', async () => {
    const api = modelCatalogApiMock({
      getGpuClasses: jest.fn().mockRejectedValue(new Error('no gpu backend')),
    });
    const entity = {
      ...llama,
      metadata: { ...llama.metadata, annotations: {} },
      relations: [],
    };
    renderInTestApp(
      <EntityProvider entity={entity}>
        <ModelEntityContent />
      </EntityProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        apis: [api, catalogApiMock({ entities: [] })],
      },
    );
    expect(await screen.findByText('No model card')).toBeInTheDocument();
    expect(
      await screen.findByText(
        /GPU classes are unavailable \(no gpu backend\).*h100, l40s/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Not deployed anywhere yet')).toBeInTheDocument();
    expect(api.getModelCard).not.toHaveBeenCalled();
  });
});
