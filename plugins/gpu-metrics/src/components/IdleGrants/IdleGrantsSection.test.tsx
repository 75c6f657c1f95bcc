import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { GpuProvisioningApi } from '@ai-platform/plugin-gpu-provisioning-react';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
  EvaluatePermissionResponse,
} from '@backstage/plugin-permission-common';
import { gpuApproverPermission } from '@ai-platform/plugin-gpu-provisioning-common';
import { withFreshPermissionCache } from '@ai-platform/test-utils-react';
import { IdleGrantsSection } from './IdleGrantsSection';
import {
  gpuClasses,
  idleGrantList,
  shrunkRequest,
  idlePolicyReport,
  keptGrant,
  warnedGrant,
} from '../../__fixtures__/idleGrants';

function errorOf(status: number, message: string): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: String(status),
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

async function render(
  impl: Partial<GpuProvisioningApi> = {},
  options: { approver?: boolean } = {},
) {
  const api = gpuProvisioningApiMock({
    listIdleGrants: jest.fn(async () => idleGrantList),
    getIdlePolicyReport: jest.fn(async () => idlePolicyReport),
    getClasses: jest.fn(async () => gpuClasses),
    ...impl,
  });
  const alerts = mockApis.alert();
  // The permission policy says who is a GPU approver (`gpu.approver`).
  const authorize = jest.fn((request: EvaluatePermissionRequest) =>
    request.permission.name === gpuApproverPermission.name &&
    options.approver !== false
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
  );
  await renderInTestApp(withFreshPermissionCache(<IdleGrantsSection />), {
    apis: [api, alerts, mockApis.permission({ authorize })],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  // The table draws its rows again when the class names and the approver
  // check arrive; act on the rows after that.
  await waitFor(() => expect(api.getClasses).toHaveBeenCalled());
  await waitFor(() => expect(authorize).toHaveBeenCalled());
  if (options.approver !== false && !impl.listIdleGrants) {
    await screen.findAllByText('H100 80GB on gpu-a');
    await screen.findByRole('list', { name: 'Would be released now (1)' });
  }
  return { api, alerts };
}

const WARNED = '2 GPUs of ml-platform on gpu-a';

describe('IdleGrantsSection', () => {
  jest.setTimeout(20_000);

  it('lists each grant with team, GPUs, idle hours, cost per day and policy state', async () => {
    await render();
    const row = await screen.findByRole('row', {
      name: /ml-platform.*2 GPUs/,
    });
    expect(
      within(row).getByRole('link', { name: 'ml-platform' }),
    ).toHaveAttribute('href', '/catalog/default/group/ml-platform');
    expect(row).toHaveTextContent('H100 80GB on gpu-a');
    expect(row).toHaveTextContent('30 h');
    expect(row).toHaveTextContent('$216.00');
    expect(row).toHaveTextContent(/Warned .+; released .+ unless kept or used/);

    const kept = screen.getByRole('row', {
      name: /research.*3 MIG 1g\.10gb instances/,
    });
    expect(kept).toHaveTextContent(/Kept until .+ by bob/);
    expect(
      screen.getByRole('row', { name: /vision.*1 GPU/ }),
    ).toHaveTextContent('In use');
    // One GPU cannot shrink.
    expect(
      screen.queryByRole('button', { name: 'Shrink 1 GPU of vision on gpu-a' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Idle hours of grants on cluster gpu-c could not be read: Prometheus query timed out',
      ),
    ).toBeInTheDocument();
  });

  it("searches what each cell shows: the policy's verdict, the class and the cluster", async () => {
    await render();
    const search = screen.getByPlaceholderText('Filter');
    await userEvent.type(search, 'kept until');
    // The table searches after a pause in typing; a busy CI machine is slow.
    await waitFor(
      () =>
        expect(
          screen.queryByRole('row', { name: /ml-platform.*2 GPUs/ }),
        ).not.toBeInTheDocument(),
      { timeout: 10_000 },
    );
    expect(
      screen.getByRole('row', { name: /research.*3 MIG 1g\.10gb instances/ }),
    ).toBeInTheDocument();

    await userEvent.clear(search);
    await userEvent.type(search, 'h100 80gb on gpu-a');
    await waitFor(
      () =>
        expect(
          screen.queryByRole('row', { name: /research/ }),
        ).not.toBeInTheDocument(),
      { timeout: 10_000 },
    );
    expect(
      screen.getByRole('row', { name: /ml-platform.*2 GPUs/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /vision.*1 GPU/ }),
    ).toBeInTheDocument();
  });

  it('releases a grant after a confirmation naming what goes back', async () => {
    const { api, alerts } = await render({
      releaseRequest: jest.fn(async () => ({
        ...shrunkRequest,
        status: 'released' as const,
      })),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: `Release ${WARNED}` }),
    );
    const dialog = screen.getByRole('dialog', { name: `Release ${WARNED}?` });
    expect(dialog).toHaveTextContent(
      'Namespace gpu-ml-platform-0b6f8a52 is deleted with everything in it',
    );
    expect(dialog).toHaveTextContent('they cost $216.00 per day');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Release GPUs' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.releaseRequest).toHaveBeenCalledWith(warnedGrant.requestId);
    expect(alerts.getAlerts()).toEqual([
      expect.objectContaining({
        message: `Released ${WARNED}`,
        severity: 'success',
      }),
    ]);
    // The list and the report are read again.
    await waitFor(() => expect(api.listIdleGrants).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(api.getIdlePolicyReport).toHaveBeenCalledTimes(2),
    );
  });

  it("shows the backend's refusal in the dialog and keeps it open", async () => {
    const refusal = await errorOf(
      403,
      'You may release the GPU grants of your own teams only',
    );
    const { alerts } = await render({
      releaseRequest: jest.fn(async () => {
        throw refusal;
      }),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: `Release ${WARNED}` }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Release GPUs' }));
    const dialog = screen.getByRole('dialog', { name: `Release ${WARNED}?` });
    expect(
      await within(dialog).findByText(
        'You may release the GPU grants of your own teams only',
      ),
    ).toBeInTheDocument();
    expect(alerts.getAlerts()).toEqual([]);
  });

  it('shrinks a grant to the count asked and refuses a count it does not hold less of', async () => {
    const { api, alerts } = await render({
      shrinkRequest: jest.fn(async () => shrunkRequest),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: `Shrink ${WARNED}` }),
    );
    const dialog = screen.getByRole('dialog', { name: `Shrink ${WARNED}` });
    const field = within(dialog).getByRole('spinbutton', {
      name: 'GPUs to keep',
    });
    expect(field).toHaveValue(1);
    await userEvent.clear(field);
    await userEvent.type(field, '2');
    expect(
      within(dialog).getByText('count: must be fewer than the 2 it holds'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Shrink' }),
    ).toBeDisabled();
    await userEvent.clear(field);
    await userEvent.type(field, '1');
    expect(
      within(dialog).getByText('Keeps 1 GPU, gives 1 GPU back'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Shrink' }),
    );
    await waitFor(() =>
      expect(api.shrinkRequest).toHaveBeenCalledWith(warnedGrant.requestId, {
        count: 1,
      }),
    );
    await waitFor(() =>
      expect(alerts.getAlerts()).toEqual([
        expect.objectContaining({
          message: "ml-platform's grant on gpu-a now holds 1 GPU",
          severity: 'success',
        }),
      ]),
    );
  });

  it('keeps a grant for the hours asked', async () => {
    const { api, alerts } = await render({
      keepRequest: jest.fn(async () => keptGrant),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: `Keep ${WARNED}` }),
    );
    const dialog = screen.getByRole('dialog', { name: `Keep ${WARNED}` });
    const field = within(dialog).getByRole('spinbutton', {
      name: 'Hours to keep',
    });
    await userEvent.clear(field);
    await userEvent.type(field, '800');
    expect(
      within(dialog).getByText('hours: must be at most 30 days'),
    ).toBeInTheDocument();
    await userEvent.clear(field);
    await userEvent.type(field, '48');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep' }));
    await waitFor(() =>
      expect(api.keepRequest).toHaveBeenCalledWith(warnedGrant.requestId, {
        hours: 48,
      }),
    );
    await waitFor(() =>
      expect(alerts.getAlerts()).toEqual([
        expect.objectContaining({ message: `Kept ${WARNED} for 48 hours` }),
      ]),
    );
  });

  it('notifies the team and says who was told, or why not', async () => {
    const refusal = await errorOf(
      403,
      'Only GPU approvers may notify the owners of GPU request x',
    );
    const notifyIdle = jest
      .fn()
      .mockResolvedValueOnce({
        requestId: warnedGrant.requestId,
        recipients: ['user:default/alice', 'group:default/ml-platform'],
        idleHours: 30,
        idleCost: '270.00',
        idleCostPerDay: '216.00',
        sentAt: '2026-11-22T08:00:00Z',
      })
      .mockRejectedValueOnce(refusal);
    const { alerts } = await render({ notifyIdle });
    const button = await screen.findByRole('button', {
      name: `Notify team about ${WARNED}`,
    });
    await userEvent.click(button);
    await waitFor(() =>
      expect(alerts.getAlerts()).toEqual([
        expect.objectContaining({
          message: `Notified alice, ml-platform: ${WARNED} idle for 30 h, $216.00 per day`,
          severity: 'success',
        }),
      ]),
    );
    // The button is drawn anew after the first notice; click the current one.
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: `Notify team about ${WARNED}` }),
      ).toBeEnabled(),
    );
    await userEvent.click(
      screen.getByRole('button', { name: `Notify team about ${WARNED}` }),
    );
    await waitFor(() =>
      expect(alerts.getAlerts()[1]).toEqual(
        expect.objectContaining({
          message:
            'You are not allowed to do this: Only GPU approvers may notify the owners of GPU request x',
          severity: 'error',
        }),
      ),
    );
  });

  it("shows approvers the policy's dry run, saying the policy is off", async () => {
    await render();
    const card = (await screen.findByText('Idle policy: dry run')).closest(
      'article, .MuiCard-root',
    ) as HTMLElement;
    expect(
      await within(card).findByText(/^The idle policy is off/),
    ).toHaveTextContent(
      'The idle policy is off (gpuProvisioning.idlePolicy.enabled): nothing is warned or released. Turned on, grants idle more than 1 day are warned, and released 1 day later unless their owners keep or use them',
    );
    expect(card).toHaveTextContent(
      'Releasing now would save $216.00 per day; $648.00 per day once',
    );
    const released = within(card).getByRole('list', {
      name: 'Would be released now (1)',
    });
    expect(within(released).getByRole('listitem')).toHaveTextContent(
      `${WARNED}: idle 30 h, $216.00 per day`,
    );
    const warned = within(card).getByRole('list', {
      name: 'Would be warned now (1)',
    });
    expect(within(warned).getByRole('listitem')).toHaveTextContent(
      /^4 GPUs of nlp on gpu-a: idle 26 h, \$432.00 per day, released .+ unless kept$/,
    );
  });

  it('shows no dry run to users who are not approvers', async () => {
    const { api } = await render({}, { approver: false });
    expect(
      await screen.findByRole('row', { name: /ml-platform.*2 GPUs/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Idle policy: dry run')).not.toBeInTheDocument();
    expect(api.getIdlePolicyReport).not.toHaveBeenCalled();
    // Nothing asks the backend to find out (no 403 probe).
    expect(api.listRequests).not.toHaveBeenCalled();
  });

  it('shows no dry run while the permission policy has not answered', async () => {
    const api = gpuProvisioningApiMock({
      listIdleGrants: jest.fn(async () => idleGrantList),
      getIdlePolicyReport: jest.fn(async () => idlePolicyReport),
      getClasses: jest.fn(async () => gpuClasses),
    });
    let answer: (
      result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
    ) => void = () => {};
    const authorize = jest.fn(
      () =>
        new Promise<EvaluatePermissionResponse>(resolve => {
          answer = result => resolve({ result });
        }),
    );
    await renderInTestApp(withFreshPermissionCache(<IdleGrantsSection />), {
      apis: [api, mockApis.alert(), mockApis.permission.mock({ authorize })],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole('row', { name: /ml-platform.*2 GPUs/ }),
    ).toBeInTheDocument();
    expect(authorize).toHaveBeenCalled();
    expect(screen.queryByText('Idle policy: dry run')).not.toBeInTheDocument();
    expect(api.getIdlePolicyReport).not.toHaveBeenCalled();

    act(() => answer(AuthorizeResult.ALLOW));
    expect(await screen.findByText('Idle policy: dry run')).toBeInTheDocument();
  });

  it('says when there are no grants', async () => {
    await render({
      listIdleGrants: jest.fn(async () => ({
        ...idleGrantList,
        items: [],
        errors: [],
      })),
    });
    expect(
      await screen.findByText('No active GPU grants that you may see.'),
    ).toBeInTheDocument();
  });

  it('shows why the grants cannot be read', async () => {
    const refusal = await errorOf(401, 'Missing credentials');
    await render({
      listIdleGrants: jest.fn(async () => {
        throw refusal;
      }),
    });
    expect(
      await screen.findByText(
        'Idle GPU grants: You are signed out: Missing credentials',
      ),
    ).toBeInTheDocument();
  });
});
