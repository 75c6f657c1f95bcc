import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { complianceApiMock } from '../../__testUtils__/complianceApiMock';
import { ComplianceOverview } from './GroupComplianceContent';

describe('ComplianceOverview', () => {
  it('draws teams by frameworks coloured by score, and the trend', async () => {
    const api = complianceApiMock({
      getHeatmap: jest.fn().mockResolvedValue({
        frameworks: [
          { id: 'hipaa', title: 'HIPAA Security Rule' },
          { id: 'soc2', title: 'SOC 2' },
        ],
        levels: [],
        rows: [
          {
            groupRef: 'group:default/conversational-ai',
            title: 'Conversational AI',
            scores: { soc2: { score: 55.5, level: null, entities: 3 } },
          },
        ],
      }),
      getHistory: jest.fn().mockResolvedValue([
        { day: '2026-11-21', frameworkId: 'soc2', score: 50 },
        { day: '2026-11-22', frameworkId: 'soc2', score: 55.5 },
      ]),
    });
    await renderInTestApp(
      <ComplianceOverview groupRef="group:default/products" />,
      {
        apis: [api],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('table', { name: 'Compliance heat map' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Conversational AI' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('heat-conversational-ai-soc2')).toHaveTextContent(
      '55.5',
    );
    expect(
      screen.getByTestId('heat-conversational-ai-hipaa'),
    ).toHaveTextContent('–');
    expect(api.getHeatmap).toHaveBeenCalledWith({
      group: 'group:default/products',
    });
    expect(api.getHistory).toHaveBeenCalledWith({
      subjectRef: 'group:default/products',
      days: 365,
    });
  });

  it('says when nothing has been evaluated', async () => {
    const api = complianceApiMock({
      getHeatmap: jest
        .fn()
        .mockResolvedValue({ frameworks: [], levels: [], rows: [] }),
      getHistory: jest.fn().mockResolvedValue([]),
    });
    await renderInTestApp(<ComplianceOverview />, { apis: [api] });
    expect(
      await screen.findByText('No compliance results'),
    ).toBeInTheDocument();
  });
});
