import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { CapacityView } from './CapacityView';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { capacity } from '../../__fixtures__/gpu';

describe('CapacityView', () => {
  it('draws a chart per cluster and warns about clusters it could not read', async () => {
    const api = gpuProvisioningApiMock({
      getCapacity: jest.fn().mockResolvedValue({
        items: capacity.items,
        errors: [
          { cluster: 'gpu-c', message: 'connect ECONNREFUSED 10.0.0.3:6443.' },
        ],
      }),
    });
    renderInTestApp(<CapacityView />, { apis: [api] });

    const chart = await screen.findByRole('figure', {
      name: 'Whole GPUs on gpu-a',
    });
    expect(chart.querySelector('.recharts-wrapper')).not.toBeNull();
    expect(chart).toHaveTextContent(
      'A100 80GB: 3 of 8 GPUs in use by pods, 5 granted by the portal, 3 free.',
    );
    expect(
      screen.getByRole('figure', { name: 'MIG instances on gpu-a' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('figure', { name: 'Whole GPUs on gpu-b' }),
    ).toBeInTheDocument();

    const warning = screen.getByRole('alert');
    expect(warning).toHaveTextContent(
      'Capacity of cluster gpu-c is unavailable',
    );
    expect(warning).toHaveTextContent('connect ECONNREFUSED 10.0.0.3:6443');
    expect(within(warning).getByText(/connect ECONNREFUSED/)).toBeVisible();

    const table = screen.getAllByRole('table')[0];
    expect(within(table).getByText('A100 80GB · 1g.10gb')).toBeInTheDocument();
    expect(
      within(table).getByRole('link', { name: 'Request A100 80GB on gpu-a' }),
    ).toHaveAttribute('href', '/gpu/request?cluster=gpu-a&gpuClass=a100');
  });

  it('offers to try again when there is nothing to show', async () => {
    const api = gpuProvisioningApiMock({
      getCapacity: jest.fn().mockResolvedValue({ items: [], errors: [] }),
    });
    renderInTestApp(<CapacityView />, { apis: [api] });
    expect(
      await screen.findByText('No GPU capacity to show'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(api.getCapacity).toHaveBeenCalledTimes(2);
  });

  it('shows the error when capacity cannot be loaded', async () => {
    const api = gpuProvisioningApiMock({
      getCapacity: jest.fn().mockRejectedValue(new Error('Backend is down')),
    });
    renderInTestApp(<CapacityView />, { apis: [api] });
    expect(
      await screen.findByText('Error: Backend is down'),
    ).toBeInTheDocument();
  });
});
