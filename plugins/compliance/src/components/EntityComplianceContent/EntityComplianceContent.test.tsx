import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { complianceApiMock } from '../../__testUtils__/complianceApiMock';
import {
  assistantCompliance,
  component,
  frameworks,
} from '../../__testUtils__/fixtures';
import { EntityComplianceContent } from './EntityComplianceContent';

jest.setTimeout(30_000);

describe('EntityComplianceContent', () => {
  it('lists failing checks with how to fix them and lets approvers grant a waiver', async () => {
    const api = complianceApiMock({
      getEntity: jest.fn().mockResolvedValue(assistantCompliance),
      getFrameworks: jest.fn().mockResolvedValue(frameworks),
      getHistory: jest.fn().mockResolvedValue([]),
      createWaiver: jest.fn().mockResolvedValue({}),
    });
    renderInTestApp(
      <EntityProvider entity={component}>
        <EntityComplianceContent />
      </EntityProvider>,
      { apis: [api] },
    );
    expect(
      await screen.findByText('Fix k8s-default-deny-network-policy'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('HIPAA 164.312(e)(1)')).toHaveLength(2);
    expect(screen.getByText('No waivers.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Waive' }));
    const dialog = await screen.findByRole('dialog');
    const grant = within(dialog).getByRole('button', { name: 'Grant waiver' });
    expect(grant).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Justification/ }),
      'Mesh policies restrict ingress until Q1',
    );
    await userEvent.click(grant);
    expect(api.createWaiver).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/assistant-api',
        checkId: 'k8s-default-deny-network-policy',
        justification: 'Mesh policies restrict ingress until Q1',
      }),
    );
  });
});

describe('EntityComplianceContent re-check', () => {
  const render = (api: ReturnType<typeof complianceApiMock>) =>
    renderInTestApp(
      <EntityProvider entity={component}>
        <EntityComplianceContent />
      </EntityProvider>,
      { apis: [api] },
    );
  const rescored = {
    ...assistantCompliance,
    frameworks: assistantCompliance.frameworks.map(f => ({ ...f, score: 100 })),
  };

  it('re-scores the entity and shows its new scorecard', async () => {
    const api = complianceApiMock({
      getEntity: jest
        .fn()
        .mockResolvedValueOnce(assistantCompliance)
        .mockResolvedValue(rescored),
      getFrameworks: jest.fn().mockResolvedValue(frameworks),
      getHistory: jest.fn().mockResolvedValue([]),
      recheckEntity: jest.fn().mockResolvedValue(undefined),
    });
    render(api);
    expect(await screen.findByText('42.5')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Re-check now' }));
    expect(api.recheckEntity).toHaveBeenCalledWith(
      'component:default/assistant-api',
    );
    expect(await screen.findAllByText('100')).not.toHaveLength(0);
    expect(screen.queryByText('42.5')).not.toBeInTheDocument();
    expect(api.getEntity).toHaveBeenCalledTimes(2);
  });

  it('says why a re-check failed and keeps the scorecard', async () => {
    const api = complianceApiMock({
      getEntity: jest.fn().mockResolvedValue(assistantCompliance),
      getFrameworks: jest.fn().mockResolvedValue(frameworks),
      getHistory: jest.fn().mockResolvedValue([]),
      recheckEntity: jest.fn().mockRejectedValue(
        await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message: 'You are not allowed to re-check',
              },
              response: { statusCode: 403 },
            }),
            {
              status: 403,
              statusText: 'Forbidden',
              headers: { 'Content-Type': 'application/json' },
            },
          ),
        ),
      ),
    });
    render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Re-check now' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Re-check failed: You are not allowed to re-check',
    );
    expect(screen.getByText('42.5')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Re-check now' })).toBeEnabled();
  });

  it('offers a re-check to an entity not evaluated yet', async () => {
    const api = complianceApiMock({
      getEntity: jest
        .fn()
        .mockResolvedValueOnce(undefined)
        .mockResolvedValue(assistantCompliance),
      getFrameworks: jest.fn().mockResolvedValue(frameworks),
      getHistory: jest.fn().mockResolvedValue([]),
      recheckEntity: jest.fn().mockResolvedValue(undefined),
    });
    render(api);
    expect(await screen.findByText('Not evaluated yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Re-check now' }));
    expect(await screen.findByText('42.5')).toBeInTheDocument();
  });
});

describe('EntityComplianceContent on a System', () => {
  it('shows the roll-up of the system and its parts', async () => {
    const api = complianceApiMock({
      getEntity: jest.fn().mockResolvedValue({
        ...assistantCompliance,
        entityRef: 'system:default/customer-assistant',
        canManageWaivers: false,
      }),
      getFrameworks: jest.fn().mockResolvedValue(frameworks),
      getHistory: jest.fn().mockResolvedValue([]),
      getRollup: jest.fn().mockResolvedValue([
        {
          subjectRef: 'system:default/customer-assistant',
          frameworkId: 'soc2',
          score: 71.5,
          level: 'Bronze',
          entities: 3,
        },
      ]),
    });
    renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: { name: 'customer-assistant', namespace: 'default' },
          spec: { owner: 'conversational-ai' },
        }}
      >
        <EntityComplianceContent />
      </EntityProvider>,
      { apis: [api] },
    );
    expect(
      await screen.findByText('The system and its parts'),
    ).toBeInTheDocument();
    expect(await screen.findByText('71.5')).toBeInTheDocument();
    expect(screen.getByText('3 entities')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Waive' }),
    ).not.toBeInTheDocument();
    expect(api.getRollup).toHaveBeenCalledWith(
      'system:default/customer-assistant',
    );
  });
});
