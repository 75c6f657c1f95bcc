import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { GpuUsageContent } from './GpuUsageContent';
import {
  forbiddenError,
  gpuMetricsApiMock,
  unavailableError,
} from '../../__testUtils__/gpuMetricsApiMock';
import {
  fleetHeatmap,
  fleetUsage,
  nodeHeatmap,
} from '../../__fixtures__/metrics';
import { GpuMetricsApi } from '../../api';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { gpuClasses, idleGrantList } from '../../__fixtures__/idleGrants';

function render(impl: Partial<GpuMetricsApi>) {
  const api = gpuMetricsApiMock({
    getFleetUsage: jest.fn(impl.getFleetUsage ?? (async () => fleetUsage)),
    getFleetHeatmap: jest.fn(
      impl.getFleetHeatmap ?? (async () => fleetHeatmap),
    ),
  });
  renderInTestApp(<GpuUsageContent />, {
    apis: [api],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

describe('GpuUsageContent', () => {
  // Whole pages with tables and charts, rendered several times per test:
  // over jest's 5 s on a loaded machine.
  jest.setTimeout(20_000);

  it('shows a summary and a histogram per cluster and GPU model', async () => {
    const api = render({});
    expect(
      await screen.findByRole('figure', {
        name: 'Utilisation histogram of NVIDIA A100-SXM4-80GB on gpu-a',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('figure', {
        name: 'Utilisation histogram of NVIDIA H100 80GB HBM3 on gpu-b',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('p90 utilisation')[0].nextElementSibling,
    ).toHaveTextContent('91%');
    expect(
      screen.getByText(
        'Metrics of cluster gpu-c are missing: connect ECONNREFUSED',
      ),
    ).toBeInTheDocument();
    expect(api.getFleetUsage).toHaveBeenCalledWith({ window: '24h' });
    // Both at once: the heat map does not wait for the summary.
    expect(api.getFleetHeatmap).toHaveBeenCalledWith({
      window: '24h',
      cluster: undefined,
      offset: 0,
    });
  });

  it('draws the heat map with one row per node, its mean and a legend', async () => {
    render({});
    const heatmap = await screen.findByRole('figure', {
      name: 'Utilisation heat map',
    });
    const rows = within(
      within(heatmap).getByRole('list', { name: 'Nodes' }),
    ).getAllByRole('listitem');
    expect(rows).toHaveLength(fleetHeatmap.rows.length);
    // The mean is the server's (every sample alike), not the mean of the buckets.
    expect(rows[0]).toHaveAccessibleName(
      'gpu-a / node-a1, 8 GPUs (NVIDIA A100-SXM4-80GB): mean 1.3%, from 0% to 5%',
    );
    expect(rows[0].querySelectorAll('rect')).toHaveLength(6);
    expect(rows[0].querySelectorAll('title')[2]).toHaveTextContent(
      /^gpu-a \/ node-a1, .+ \(1 h\): 5%$/,
    );
    expect(
      screen.getByText(
        'One row per node (its GPUs together), one column per hour; choose a node for its GPUs',
      ),
    ).toBeInTheDocument();
    expect(within(heatmap).getByText('100% utilisation')).toBeInTheDocument();
    expect(within(heatmap).getByText('no data')).toBeInTheDocument();
  });

  it('pages through the nodes', async () => {
    const api = render({});
    expect(await screen.findByText('Nodes 1–50 of 120')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(api.getFleetHeatmap).toHaveBeenLastCalledWith({
      window: '24h',
      cluster: undefined,
      offset: 50,
    });
  });

  it("opens a node's GPUs and goes back to its page of nodes", async () => {
    const api = render({
      getFleetHeatmap: async ({ node, offset }) =>
        node ? nodeHeatmap : { ...fleetHeatmap, offset: offset ?? 0 },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Next page' }),
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Show the GPUs of gpu-a / node-a1',
      }),
    );
    expect(api.getFleetHeatmap).toHaveBeenLastCalledWith({
      window: '24h',
      cluster: 'gpu-a',
      node: 'node-a1',
    });
    const gpus = await screen.findByRole('list', { name: 'GPUs' });
    expect(within(gpus).getAllByRole('listitem')[0]).toHaveAccessibleName(
      'gpu-a / node-a1 / GPU 0 (NVIDIA A100-SXM4-80GB): mean 2.5%, from 0% to 10%',
    );
    expect(
      screen.getByText('Utilisation of the GPUs of gpu-a / node-a1'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Nodes \d/)).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'All nodes' }));
    expect(api.getFleetHeatmap).toHaveBeenLastCalledWith({
      window: '24h',
      cluster: undefined,
      offset: 50,
    });
    expect(await screen.findByText('Nodes 51–100 of 120')).toBeInTheDocument();
  });

  it('filters the nodes by cluster', async () => {
    const api = render({});
    await screen.findByRole('figure', { name: 'Utilisation heat map' });
    await userEvent.click(
      screen.getByRole('button', { name: 'Cluster All clusters' }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'gpu-b' }));
    expect(api.getFleetHeatmap).toHaveBeenLastCalledWith({
      window: '24h',
      cluster: 'gpu-b',
      offset: 0,
    });
  });

  it('lists idle GPUs by wasted GPU-hours with links to owner and team', async () => {
    render({});
    expect(await screen.findByText('Idle GPUs')).toBeInTheDocument();
    const table = screen
      .getAllByRole('table')
      .find(t => within(t).queryByText('Wasted GPU-hours'))!;
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringContaining('node-b2 / GPU 3'),
      expect.stringContaining('node-a2 / GPU 1'),
      expect.stringContaining('node-a1 / GPU 0'),
    ]);
    expect(
      within(rows[0]).getByRole('link', { name: 'research' }),
    ).toHaveAttribute('href', '/catalog/default/group/research');
    expect(
      within(rows[2]).getByRole('link', { name: 'assistant-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/assistant-api');
  });

  it('says that metrics are unavailable when Prometheus is down', async () => {
    const error = await unavailableError();
    render({
      getFleetUsage: () => Promise.reject(error),
      getFleetHeatmap: () => Promise.reject(error),
    });
    expect(
      await screen.findAllByText(
        'GPU metrics are unavailable: Prometheus at http://prometheus:9090 is not reachable',
      ),
    ).toHaveLength(2);
  });

  it('explains the fleet view is for fleet viewers when the backend refuses (403)', async () => {
    const error = await forbiddenError();
    render({
      getFleetUsage: () => Promise.reject(error),
      getFleetHeatmap: () => Promise.reject(error),
    });
    expect(
      await screen.findByText('You can see GPU usage of your own teams only'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /The fleet view is for the groups of gpuMetrics.fleetViewers/,
      ),
    ).toBeInTheDocument();
    // One explanation, no heat map card and no idle GPU table.
    expect(
      screen.getAllByText('You can see GPU usage of your own teams only'),
    ).toHaveLength(1);
    expect(screen.queryByText('Utilisation per node')).not.toBeInTheDocument();
    expect(screen.queryByText('Idle GPUs')).not.toBeInTheDocument();
  });

  it('shows the idle GPU grants beside the idle GPUs, also to users the fleet view is not for', async () => {
    const error = await forbiddenError();
    const provisioning = gpuProvisioningApiMock({
      listIdleGrants: jest.fn(async () => idleGrantList),
      getClasses: jest.fn(async () => gpuClasses),
    });
    renderInTestApp(<GpuUsageContent />, {
      apis: [
        gpuMetricsApiMock({
          getFleetUsage: jest.fn(() => Promise.reject(error)),
          getFleetHeatmap: jest.fn(() => Promise.reject(error)),
        }),
        provisioning,
        // Not a GPU approver either: no idle policy dry run.
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByText('Idle GPU grants')).toBeInTheDocument();
    // The rows are drawn again as the class names arrive: wait for the last.
    await waitFor(() =>
      expect(
        screen.getByRole('button', {
          name: 'Release 2 GPUs of ml-platform on gpu-a',
        }),
      ).toBeInTheDocument(),
    );
    expect(screen.queryByText('Idle GPUs')).not.toBeInTheDocument();
    expect(screen.queryByText('Idle policy: dry run')).not.toBeInTheDocument();
    expect(provisioning.getIdlePolicyReport).not.toHaveBeenCalled();
  });
});
