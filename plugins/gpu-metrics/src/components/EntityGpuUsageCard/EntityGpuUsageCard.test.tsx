import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityGpuUsageCard } from './EntityGpuUsageCard';
import {
  forbiddenError,
  gpuMetricsApiMock,
  invalidAnnotationError,
  unavailableError,
} from '../../__testUtils__/gpuMetricsApiMock';
import { emptyEntityUsage, entityUsage } from '../../__fixtures__/metrics';
import { GpuMetricsApi } from '../../api';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import {
  busyGrant,
  gpuClasses,
  idleGrantList,
} from '../../__fixtures__/idleGrants';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'assistant-api', namespace: 'default' },
  spec: { type: 'service', owner: 'ml-platform', lifecycle: 'production' },
};

function render(getEntityUsage: GpuMetricsApi['getEntityUsage']) {
  const api = gpuMetricsApiMock({ getEntityUsage: jest.fn(getEntityUsage) });
  renderInTestApp(
    <EntityProvider entity={component}>
      <EntityGpuUsageCard />
    </EntityProvider>,
    { apis: [api] },
  );
  return api;
}

describe('EntityGpuUsageCard', () => {
  it('shows the usage, the chart, the idle warning and the right-sizing advice', async () => {
    const api = render(async () => entityUsage);
    expect(
      await screen.findByRole('figure', {
        name: 'GPU utilisation and memory over time',
      }),
    ).toBeInTheDocument();
    expect(api.getEntityUsage).toHaveBeenCalledWith({
      entityRef: 'component:default/assistant-api',
      window: '24h',
    });
    expect(screen.getByText('GPU usage')).toBeInTheDocument();
    expect(screen.getByText('GPUs held').nextElementSibling).toHaveTextContent(
      '2',
    );
    expect(
      screen.getByText('Mean utilisation').nextElementSibling,
    ).toHaveTextContent('41.5%');
    const alerts = screen.getAllByRole('alert');
    expect(alerts.map(a => a.textContent)).toEqual([
      'Metrics of cluster gpu-b are missing: Prometheus query timed out',
      '12.5 GPU-hours wasted: GPUs were held but idle in the last 24 hours.',
      'Right-size from h100 to h100/3g.40gb: Peak memory 30000 MiB (+10% headroom) fits h100/3g.40gb (40320 MiB) and peak utilisation 38% fits its compute. Saves $1,460.50 a month.',
    ]);
  });

  it('asks again for another window', async () => {
    const api = render(async ({ window }) => ({ ...entityUsage, window }));
    const group = await screen.findByRole('group', { name: 'Time window' });
    await userEvent.click(within(group).getByRole('button', { name: '7d' }));
    expect(
      await screen.findByText(/GPUs were held but idle in the last 7 days/),
    ).toBeInTheDocument();
    expect(api.getEntityUsage).toHaveBeenLastCalledWith({
      entityRef: 'component:default/assistant-api',
      window: '7d',
    });
    expect(within(group).getByRole('button', { name: '7d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('shows an empty state when the entity holds no GPUs', async () => {
    render(async () => emptyEntityUsage);
    expect(await screen.findByText('No GPUs in use')).toBeInTheDocument();
    expect(
      screen.getByText('assistant-api held no GPUs in the last 24 hours.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('says that metrics are unavailable when Prometheus is down', async () => {
    const error = await unavailableError();
    render(() => Promise.reject(error));
    expect(
      await screen.findByText(
        'GPU metrics are unavailable: Prometheus at http://prometheus:9090 is not reachable',
      ),
    ).toBeInTheDocument();
  });

  it('says whose usage the user may see when the backend refuses (403)', async () => {
    const error = await forbiddenError();
    render(() => Promise.reject(error));
    expect(
      await screen.findByText('You can see GPU usage of your own teams only'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /The GPU usage of assistant-api is visible to the members of its owning team/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/NotAllowedError/)).not.toBeInTheDocument();
  });

  it("shows the backend's message for a malformed annotation (400), not a stack", async () => {
    const error = await invalidAnnotationError();
    render(() => Promise.reject(error));
    expect(
      await screen.findByText('GPU usage cannot be read'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Annotation backstage\.io\/kubernetes-label-selector is not a valid label selector: Invalid label selector at position 4/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/ResponseError|at .*\.tsx/),
    ).not.toBeInTheDocument();
  });

  it("lists the entity's idle GPU grants with their actions", async () => {
    const provisioning = gpuProvisioningApiMock({
      listIdleGrants: jest.fn(async () => ({
        ...idleGrantList,
        // Another entity of the same team: not this card's.
        items: [
          ...idleGrantList.items,
          {
            ...busyGrant,
            team: 'group:default/ml-platform',
            entityRef: 'component:default/trainer',
          },
        ],
      })),
      getClasses: jest.fn(async () => gpuClasses),
    });
    renderInTestApp(
      <EntityProvider entity={component}>
        <EntityGpuUsageCard />
      </EntityProvider>,
      {
        apis: [
          gpuMetricsApiMock({
            getEntityUsage: jest.fn(async () => entityUsage),
          }),
          provisioning,
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByText('Idle GPU grants')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('button', {
          name: 'Keep 2 GPUs of ml-platform on gpu-a',
        }),
      ).toBeInTheDocument(),
    );
    expect(
      screen.queryByRole('button', {
        name: 'Release 1 GPU of ml-platform on gpu-a',
      }),
    ).not.toBeInTheDocument();
  });

  it('shows no idle grants section when the entity has no grant', async () => {
    const provisioning = gpuProvisioningApiMock({
      listIdleGrants: jest.fn(async () => ({ ...idleGrantList, items: [] })),
      getClasses: jest.fn(async () => gpuClasses),
    });
    renderInTestApp(
      <EntityProvider entity={component}>
        <EntityGpuUsageCard />
      </EntityProvider>,
      {
        apis: [
          gpuMetricsApiMock({
            getEntityUsage: jest.fn(async () => entityUsage),
          }),
          provisioning,
        ],
      },
    );
    expect(
      await screen.findByRole('figure', {
        name: 'GPU utilisation and memory over time',
      }),
    ).toBeInTheDocument();
    await waitFor(() => expect(provisioning.listIdleGrants).toHaveBeenCalled());
    expect(screen.queryByText('Idle GPU grants')).not.toBeInTheDocument();
  });
});
