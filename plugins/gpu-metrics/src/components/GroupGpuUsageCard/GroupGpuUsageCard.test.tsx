import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { GroupGpuUsageCard } from './GroupGpuUsageCard';
import {
  gpuMetricsApiMock,
  unavailableError,
} from '../../__testUtils__/gpuMetricsApiMock';
import { groupUsage } from '../../__fixtures__/metrics';
import { GpuMetricsApi } from '../../api';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'ml-platform', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function render(getGroupUsage: GpuMetricsApi['getGroupUsage']) {
  const api = gpuMetricsApiMock({ getGroupUsage: jest.fn(getGroupUsage) });
  renderInTestApp(
    <EntityProvider entity={group}>
      <GroupGpuUsageCard />
    </EntityProvider>,
    {
      apis: [api],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

describe('GroupGpuUsageCard', () => {
  it('shows the aggregate and the entities by idle GPU-hours', async () => {
    const api = render(async () => groupUsage);
    expect(await screen.findByText('Team GPU usage')).toBeInTheDocument();
    expect(api.getGroupUsage).toHaveBeenCalledWith({
      groupRef: 'group:default/ml-platform',
      window: '24h',
    });
    expect(
      screen.getByText(
        '40 GPU-hours wasted: GPUs were held but idle in the last 24 hours.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('figure', {
        name: 'GPU utilisation and memory over time',
      }),
    ).toBeInTheDocument();

    const table = screen.getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => within(r).getByRole('link').textContent)).toEqual([
      'trainer',
      'assistant-api',
      'search',
    ]);
    expect(within(rows[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/trainer',
    );
    expect(within(rows[2]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/system/search',
    );
  });

  it('shows an empty state when nothing the group owns holds GPUs', async () => {
    render(async () => ({
      ...groupUsage,
      gpusHeld: 0,
      idleGpuHours: 0,
      entities: [],
    }));
    expect(await screen.findByText('No GPUs in use')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says that metrics are unavailable when Prometheus is down', async () => {
    const error = await unavailableError();
    render(() => Promise.reject(error));
    expect(
      await screen.findByText(/^GPU metrics are unavailable: Prometheus/),
    ).toBeInTheDocument();
  });
});
