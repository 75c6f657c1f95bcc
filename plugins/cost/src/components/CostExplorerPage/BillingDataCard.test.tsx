import { screen, waitFor } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { BillingDataCard } from './BillingDataCard';
import { costApiMock } from '../../__testUtils__/costApiMock';

// One case per file: usePermission caches answers for the whole module (SWR).
describe('BillingDataCard', () => {
  it('shows nothing to users without cost.ingest and does not ask for the runs', async () => {
    const authorize = jest.fn(() => AuthorizeResult.DENY);
    const api = costApiMock({ getIngestStatus: jest.fn(async () => []) });
    renderInTestApp(
      <>
        <h1>Cost explorer</h1>
        <BillingDataCard />
      </>,
      { apis: [api, mockApis.permission({ authorize })] },
    );
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({ name: 'cost.ingest' }),
        }),
      ),
    );
    expect(await screen.findByText('Cost explorer')).toBeInTheDocument();
    expect(screen.queryByText('Billing data')).not.toBeInTheDocument();
    expect(api.getIngestStatus).not.toHaveBeenCalled();
  });
});
