import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ClusterErrorAlerts } from './ClusterErrorAlerts';
import { WindowToggle } from './WindowToggle';

describe('WindowToggle', () => {
  it('offers the windows, marks the chosen one and reports a new choice', async () => {
    const onChange = jest.fn();
    render(
      <WindowToggle
        windows={['1h', '24h', '7d']}
        value="24h"
        onChange={onChange}
        label="Serving window"
      />,
    );
    const group = screen.getByRole('group', { name: 'Serving window' });
    expect(group).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '24h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('button', { name: '7d' })).toHaveAttribute(
      'title',
      'last 7 days',
    );
    await userEvent.click(screen.getByRole('button', { name: '7d' }));
    expect(onChange).toHaveBeenCalledWith('7d');
    // Clicking the chosen window again never leaves none chosen.
    await userEvent.click(screen.getByRole('button', { name: '24h' }));
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});

describe('ClusterErrorAlerts', () => {
  it('warns once per cluster and is empty without errors', () => {
    const { container, rerender } = render(
      <ClusterErrorAlerts
        what="Figures"
        errors={[
          { cluster: 'gpu-a', message: 'Prometheus is unavailable' },
          { cluster: 'gpu-b', message: 'timed out' },
        ]}
      />,
    );
    expect(screen.getAllByRole('alert').map(a => a.textContent)).toEqual([
      'Figures of cluster gpu-a are missing: Prometheus is unavailable',
      'Figures of cluster gpu-b are missing: timed out',
    ]);
    rerender(<ClusterErrorAlerts errors={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
