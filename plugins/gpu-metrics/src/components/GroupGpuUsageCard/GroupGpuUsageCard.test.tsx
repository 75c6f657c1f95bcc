import { screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { GroupGpuUsageCard } from './GroupGpuUsageCard';
import {
  forbiddenError,
  gpuMetricsApiMock,
  unavailableError,
} from '../../__testUtils__/gpuMetricsApiMock';
import { groupUsage } from '../../__fixtures__/metrics';
import { GpuMetricsApi } from '../../api';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { gpuClasses, idleGrantList } from '../../__fixtures__/idleGrants';

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

  it('shows the entities skipped for a bad annotation and the entity cap', async () => {
    render(async () => ({
      ...groupUsage,
      entityErrors: [
        {
          entityRef: 'component:default/broken',
          annotation: 'backstage.io/kubernetes-label-selector',
          message:
            "Annotation backstage.io/kubernetes-label-selector is not a valid label selector: Invalid label selector at position 4: label value 'x\"}' may only contain letters, digits, '-', '_' and '.'",
        },
      ],
      truncated: { limit: 500, total: 812 },
    }));
    expect(
      await screen.findByText(
        '1 component skipped: backstage.io/kubernetes-label-selector is not a valid label selector',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'broken' })).toHaveAttribute(
      'href',
      '/catalog/default/component/broken',
    );
    expect(
      screen.getByText(
        'Only the first 500 of 812 entities with workloads are counted (the limit of gpuMetrics.maxEntitiesPerGroup).',
      ),
    ).toBeInTheDocument();
    // The rest of the group is still shown.
    expect(screen.getAllByRole('table')).toHaveLength(1);
  });

  it('shows skipped entities even when nothing else holds GPUs', async () => {
    render(async () => ({
      ...groupUsage,
      gpusHeld: 0,
      entities: [],
      entityErrors: [
        {
          entityRef: 'component:default/a',
          message:
            'Annotation backstage.io/kubernetes-id is not a valid label value',
        },
        {
          entityRef: 'component:default/b',
          message:
            'Annotation backstage.io/kubernetes-namespace is not a valid namespace name',
        },
      ],
    }));
    expect(
      await screen.findByText(
        '2 components skipped: backstage.io/kubernetes-id is not a valid label value; backstage.io/kubernetes-namespace is not a valid namespace name',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('No GPUs in use')).toBeInTheDocument();
  });

  it('says whose usage the user may see when the backend refuses (403)', async () => {
    const error = await forbiddenError();
    render(() => Promise.reject(error));
    expect(
      await screen.findByText('You can see GPU usage of your own teams only'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'The GPU usage of ml-platform is visible to its members, the members of the groups above it, and fleet viewers.',
      ),
    ).toBeInTheDocument();
  });

  it("lists the team's idle GPU grants with their actions, and no other team's", async () => {
    const provisioning = gpuProvisioningApiMock({
      listIdleGrants: jest.fn(async () => idleGrantList),
      getClasses: jest.fn(async () => gpuClasses),
    });
    renderInTestApp(
      <EntityProvider entity={group}>
        <GroupGpuUsageCard />
      </EntityProvider>,
      {
        apis: [
          gpuMetricsApiMock({ getGroupUsage: jest.fn(async () => groupUsage) }),
          provisioning,
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByText('Idle GPU grants')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('button', {
          name: 'Release 2 GPUs of ml-platform on gpu-a',
        }),
      ).toBeInTheDocument(),
    );
    expect(
      screen.getByRole('button', {
        name: 'Notify team about 2 GPUs of ml-platform on gpu-a',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/of research on/)).not.toBeInTheDocument();
    expect(screen.queryByText('Idle policy: dry run')).not.toBeInTheDocument();
    expect(provisioning.getIdlePolicyReport).not.toHaveBeenCalled();
  });
});
