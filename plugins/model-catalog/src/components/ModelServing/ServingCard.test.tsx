import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { ServingCard } from './ServingCard';
import { modelCatalogApiMock } from '../../__testUtils__/modelCatalogApiMock';
import { server } from '../../__fixtures__/models';
import {
  noServing,
  sharedLlmCosts,
  sharedLlmServing,
} from '../../__fixtures__/serving';

jest.setTimeout(60_000);

function render(api: ReturnType<typeof modelCatalogApiMock>) {
  return renderInTestApp(
    <EntityProvider entity={server}>
      <ServingCard />
    </EntityProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [api],
    },
  );
}

/** The value and caption a headline figure shows, by its label. */
function figure(label: string, list = /^Serving figures/): string {
  const dl = screen.getByLabelText(list);
  const term = within(dl).getByText(label, { selector: 'dt' });
  return term.parentElement!.textContent!.slice(label.length);
}

describe('ServingCard', () => {
  it('shows the server, its figures, charts and who uses it, and reloads for another window', async () => {
    const api = modelCatalogApiMock({
      getServing: jest.fn().mockResolvedValue(sharedLlmServing),
      getServingCosts: jest.fn().mockResolvedValue({
        ...sharedLlmCosts,
        consumersVisible: false,
        consumers: [],
      }),
    });
    render(api);

    expect(
      await screen.findByText(
        /meta-llama\/Llama-3.1-70B-Instruct on gpu-prod\/ml-platform/,
      ),
    ).toHaveTextContent('2 pods, 4 GPUs');
    expect(api.getServing).toHaveBeenCalledWith({
      entityRef: 'component:default/llama-server-ml-platform-gpu-prod',
      window: '24h',
    });

    expect(figure('Prompt tokens')).toBe('1,388.9/s120,000,000 in the window');
    expect(figure('Generated tokens')).toBe('347.2/s30,000,000 in the window');
    expect(figure('Requests')).toBe('1/s86,400 in the window');
    expect(figure('Time to first token')).toBe('182 msp50; p95 640 ms');
    expect(figure('Request latency')).toBe('2.4 sp50; p95 7.3 s');
    expect(figure('GPU utilisation')).toBe('61.3%mean; peak 97%');
    expect(figure('GPU memory used')).toBe('65 GiBmean; peak 78 GiB');

    expect(
      screen.getByRole('figure', {
        name: 'Tokens and requests per second over time',
      }),
    ).toHaveTextContent(
      'prompt tokens from 1,000/s to 1,200/s, generated tokens from 300/s to 320/s, requests from 1/s to 2/s',
    );
    expect(
      screen.getByRole('figure', {
        name: 'Latency and GPU utilisation over time',
      }),
    ).toHaveTextContent(
      'time to first token p95 from 600 ms to 700 ms, request latency p95 from 7 s to 8 s, GPU utilisation from 50% to 70%',
    );

    expect(
      screen.getByRole('img', {
        name: 'Share of tokens: support-assistant 50%, batch-tagger 25%, Unattributed 25%',
      }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table');
    const assistant = within(table)
      .getByText('support-assistant', {
        selector: 'td',
      })
      .closest('tr')!;
    expect(within(assistant).getByText('60M')).toBeInTheDocument();
    expect(within(assistant).getByText('15M')).toBeInTheDocument();
    expect(within(assistant).getByText('50%')).toBeInTheDocument();
    expect(
      within(assistant).getByRole('link', { name: 'customer-care' }),
    ).toBeInTheDocument();
    const unattributed = within(table).getByText('Unattributed').closest('tr')!;
    expect(within(unattributed).getByText('25%')).toBeInTheDocument();
    expect(
      screen.getByText(
        /The cost per caller is visible to the members of the team/,
      ),
    ).toBeInTheDocument();
    expect(within(table).queryByText('Cost')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: '7d' }));
    await waitFor(() =>
      expect(api.getServing).toHaveBeenLastCalledWith({
        entityRef: 'component:default/llama-server-ml-platform-gpu-prod',
        window: '7d',
      }),
    );
    expect(await screen.findByText(/last 7 days/)).toBeInTheDocument();
  });

  it('shows whole counts of tokens and requests, though Prometheus extrapolates them to fractions', async () => {
    render(
      modelCatalogApiMock({
        getServing: jest.fn().mockResolvedValue({
          ...sharedLlmServing,
          totals: {
            ...sharedLlmServing.totals,
            inputTokens: 510_993_556.5,
            outputTokens: 120_755_035.6,
            requests: 426_960.8,
          },
        }),
        getServingCosts: jest.fn().mockResolvedValue(sharedLlmCosts),
      }),
    );
    await screen.findByText(/2 pods, 4 GPUs/);
    expect(figure('Prompt tokens')).toContain('510,993,557 in the window');
    expect(figure('Generated tokens')).toContain('120,755,036 in the window');
    expect(figure('Requests')).toContain('426,961 in the window');
  });

  it('says when no serving pods are found and which cluster could not be read', async () => {
    render(
      modelCatalogApiMock({
        getServing: jest.fn().mockResolvedValue(noServing),
        getServingCosts: jest.fn().mockResolvedValue(sharedLlmCosts),
      }),
    );
    expect(
      await screen.findByText('No serving pods found'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Figures of cluster gpu-dev are missing: Prometheus did not answer',
      ),
    ).toBeInTheDocument();
  });

  it('says when the gateway reported nothing', async () => {
    render(
      modelCatalogApiMock({
        getServing: jest.fn().mockResolvedValue({
          ...sharedLlmServing,
          consumers: [],
          unattributed: { inputTokens: 0, outputTokens: 0 },
        }),
        getServingCosts: jest.fn().mockResolvedValue({
          ...sharedLlmCosts,
          consumers: [],
          unattributed: { inputTokens: 0, outputTokens: 0, cost: '0' },
        }),
      }),
    );
    expect(await screen.findByText('No gateway data')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says who may read the figures when the backend refuses (403)', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'not your team' },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ) as any,
    );
    render(
      modelCatalogApiMock({
        getServing: jest.fn().mockRejectedValue(error),
        getServingCosts: jest.fn().mockResolvedValue(sharedLlmCosts),
      }),
    );
    expect(
      await screen.findByText('You may not see serving figures'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /visible to the members of the team that owns this server, of the groups above it, and to fleet viewers/,
      ),
    ).toBeInTheDocument();
  });

  it("shows the cost per 1M tokens, the method and each caller's cost", async () => {
    const api = modelCatalogApiMock({
      getServing: jest.fn().mockResolvedValue(sharedLlmServing),
      getServingCosts: jest.fn().mockResolvedValue(sharedLlmCosts),
    });
    render(api);
    await screen.findByLabelText(/^Serving cost/);
    expect(figure('Cost per 1M input tokens', /^Serving cost/)).toBe('$0.72');
    expect(figure('Cost per 1M output tokens', /^Serving cost/)).toBe('$11.52');
    expect(figure('GPU cost', /^Serving cost/)).toBe(
      '$432.00$264.82 at mean utilisation',
    );
    expect(screen.getByLabelText('How the cost is split')).toHaveTextContent(
      'split between input and output tokens by prefill and decode time',
    );
    expect(api.getServingCosts).toHaveBeenCalledWith({
      entityRef: 'component:default/llama-server-ml-platform-gpu-prod',
      window: '24h',
    });
    expect(
      screen.getByRole('img', {
        name: 'Share of cost: support-assistant 60%, batch-tagger 20%, Unattributed 20%',
      }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table');
    const assistant = within(table)
      .getByText('support-assistant', { selector: 'td' })
      .closest('tr')!;
    expect(within(assistant).getByText('$259.20')).toBeInTheDocument();
    expect(within(assistant).getByText('60%')).toBeInTheDocument();
    const unattributed = within(table).getByText('Unattributed').closest('tr')!;
    expect(within(unattributed).getByText('$86.40')).toBeInTheDocument();
  });

  it('keeps the serving figures when the cost backend fails', async () => {
    render(
      modelCatalogApiMock({
        getServing: jest.fn().mockResolvedValue(sharedLlmServing),
        getServingCosts: jest
          .fn()
          .mockRejectedValue(
            Object.assign(new Error('no'), { statusCode: 403 }),
          ),
      }),
    );
    expect(
      await screen.findByText('You may not see serving costs'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Unit prices are visible to every signed-in user/),
    ).toBeInTheDocument();
    expect(figure('Prompt tokens')).toBe('1,388.9/s120,000,000 in the window');
    expect(
      screen.getByRole('img', { name: /^Share of tokens/ }),
    ).toBeInTheDocument();
  });
});
