import { screen, waitFor } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { complianceApiMock } from '../../__testUtils__/complianceApiMock';
import { RecheckButton } from './RecheckButton';

// One case per file: usePermission caches answers for the whole module (SWR).
describe('RecheckButton', () => {
  it('shows nothing to users without compliance.entity.evaluate', async () => {
    const authorize = jest.fn(() => AuthorizeResult.DENY);
    const api = complianceApiMock();
    renderInTestApp(
      <>
        <h1>Compliance</h1>
        <RecheckButton
          entityRef="component:default/assistant-api"
          onChecked={jest.fn()}
        />
      </>,
      { apis: [api, mockApis.permission({ authorize })] },
    );
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'compliance.entity.evaluate',
          }),
        }),
      ),
    );
    expect(await screen.findByText('Compliance')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Re-check now' }),
    ).not.toBeInTheDocument();
  });
});
