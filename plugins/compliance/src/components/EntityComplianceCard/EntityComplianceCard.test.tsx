import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { complianceApiMock } from '../../__testUtils__/complianceApiMock';
import {
  assistantCompliance,
  component,
  frameworks,
} from '../../__testUtils__/fixtures';
import { EntityComplianceCard } from './EntityComplianceCard';

function render(getEntity: jest.Mock) {
  const api = complianceApiMock({
    getEntity,
    getFrameworks: jest.fn().mockResolvedValue(frameworks),
  });
  renderInTestApp(
    <EntityProvider entity={component}>
      <EntityComplianceCard />
    </EntityProvider>,
    { apis: [api] },
  );
  return api;
}

describe('EntityComplianceCard', () => {
  it('shows score and level per framework and what fails', async () => {
    const api = render(jest.fn().mockResolvedValue(assistantCompliance));
    expect(
      await screen.findByText('SOC 2 (Trust Services Criteria)'),
    ).toBeInTheDocument();
    expect(screen.getByText('85')).toBeInTheDocument();
    expect(screen.getByText('Silver')).toBeInTheDocument();
    expect(screen.getByText('No level')).toBeInTheDocument();
    expect(
      screen.getByText(
        /1 failing check: Title of k8s-default-deny-network-policy/,
      ),
    ).toBeInTheDocument();
    expect(api.getEntity).toHaveBeenCalledWith(
      'component:default/assistant-api',
    );
  });

  it('says when the entity has not been evaluated', async () => {
    render(jest.fn().mockResolvedValue(undefined));
    expect(await screen.findByText('Not evaluated yet')).toBeInTheDocument();
  });

  it('shows errors', async () => {
    render(jest.fn().mockRejectedValue(new Error('database down')));
    expect(
      (await screen.findAllByText(/database down/)).length,
    ).toBeGreaterThan(0);
  });
});
