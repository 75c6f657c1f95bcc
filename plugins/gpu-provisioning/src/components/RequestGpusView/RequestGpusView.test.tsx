import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeRequest } from '../../__fixtures__/gpu';
import {
  fillValidRequest,
  renderRequestGpusView as setup,
  responseError,
} from '../../__testUtils__/renderRequestGpusView';

describe('RequestGpusView', () => {
  it('says when a complete request would start, and why, once typing pauses', async () => {
    const api = setup();
    const reason =
      "Starts in about 2 h, when 1 grant ends: your team's quota has 0 of 8 A100 GPUs left and you asked for 1.";
    api.getStartEstimate.mockResolvedValue({
      outcome: 'later',
      startsAt: '2026-12-03T14:00:00.000Z',
      binding: 'quota',
      waitsFor: 1,
      quotaLimit: 8,
      quotaLeft: 0,
      freeNow: 4,
      requiresApproval: false,
      reason,
    });
    await fillValidRequest();
    const summary = screen.getByRole('complementary', {
      name: 'Request summary',
    });
    expect(await within(summary).findByText(reason)).toBeInTheDocument();
    expect(within(summary).getByText('In about 2 h')).toBeInTheDocument();
    expect(api.getStartEstimate).toHaveBeenLastCalledWith(
      expect.objectContaining({
        team: 'group:default/ml-platform',
        cluster: 'gpu-a',
        gpuClass: 'a100',
      }),
    );
  });

  it('lists only the teams the user is a member of', async () => {
    setup();
    const team = await screen.findByLabelText('Team');
    const options = within(team)
      .getAllByRole('option')
      .filter(o => (o as HTMLOptionElement).value !== '');
    expect(options.map(o => o.textContent)).toEqual([
      'Data Science',
      'ML Platform',
    ]);
    expect(within(team).queryByText('Finance')).not.toBeInTheDocument();
  });

  it('lists the components and systems the chosen team owns', async () => {
    setup();
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Team'), [
      'group:default/ml-platform',
    ]);
    const entity = screen.getByLabelText('Component or system (optional)');
    await waitFor(() =>
      expect(within(entity).getAllByRole('option')).toHaveLength(3),
    );
    expect(
      within(entity).getByRole('option', { name: 'assistant-api (Component)' }),
    ).toBeInTheDocument();
    expect(
      within(entity).queryByRole('option', { name: /ledger/ }),
    ).not.toBeInTheDocument();
  });

  it.each([
    ['0', 'count: must be at least 1'],
    ['1.5', 'count: must be a whole number'],
    ['600', 'count: must be at most 512'],
  ])('shows "%s" as the count error while typing', async (typed, message) => {
    setup();
    const user = userEvent.setup();
    const count = await screen.findByLabelText('Count');
    await user.clear(count);
    await user.type(count, typed);
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(count).toHaveAttribute('aria-invalid', 'true');
    expect(count).toHaveAccessibleDescription(message);
  });

  it('updates the cost estimate, GPU-hours and approval notice as you type', async () => {
    setup();
    const user = await fillValidRequest();
    const summary = screen.getByRole('complementary', {
      name: 'Request summary',
    });
    // 1 × 8 h × $3.20
    expect(within(summary).getByText('$25.60')).toBeInTheDocument();
    expect(within(summary).getByText('8 GPU-hours')).toBeInTheDocument();
    expect(within(summary).queryByText('Needs approval')).toBeNull();
    expect(await within(summary).findByText('6 of 8 left')).toBeInTheDocument();
    expect(within(summary).getByText('3 of 8 GPUs')).toBeInTheDocument();

    const count = screen.getByLabelText('Count');
    await user.clear(count);
    await user.type(count, '4');
    await user.click(screen.getByRole('button', { name: '1w' }));

    // 4 × 168 h × $3.20
    expect(within(summary).getByText('$2,150.40')).toBeInTheDocument();
    expect(within(summary).getByText('672 GPU-hours')).toBeInTheDocument();
    expect(within(summary).getByText('Needs approval')).toBeInTheDocument();
    expect(screen.getByLabelText('Duration (hours)')).toHaveValue(168);
  });

  it('warns when the cluster may not hold the chosen data', async () => {
    setup();
    const user = userEvent.setup();
    await user.selectOptions(
      await screen.findByLabelText('Data classification'),
      ['confidential'],
    );
    expect(
      screen.getAllByText(/gpu-a may hold public and internal data only/),
    ).not.toHaveLength(0);
    await user.selectOptions(screen.getByLabelText('Cluster'), ['gpu-b']);
    expect(
      screen.queryByText(/may hold public and internal data only/),
    ).toBeNull();
  });

  it('follows a request answered while its namespace is set up until it is granted', async () => {
    const api = setup();
    api.createRequest.mockResolvedValue(
      makeRequest({ status: 'approved', namespace: undefined }),
    );
    api.getRequest
      .mockResolvedValueOnce(makeRequest({ status: 'provisioning' }))
      .mockResolvedValue(makeRequest());
    const user = await fillValidRequest();
    await user.click(screen.getByRole('button', { name: 'Request GPUs' }));

    expect(
      await screen.findByRole('heading', { name: 'GPUs being provisioned' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole(
        'heading',
        { name: 'GPUs granted' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(api.getRequest).toHaveBeenCalledWith(makeRequest().id);
    expect(api.getRequest).toHaveBeenCalledTimes(2);
  });

  it('submits the request with an idempotency key and shows the grant', async () => {
    const api = setup();
    api.createRequest.mockResolvedValue(makeRequest({ count: 2 }));
    const user = await fillValidRequest();
    const count = screen.getByLabelText('Count');
    await user.clear(count);
    await user.type(count, '2');
    await user.selectOptions(screen.getByLabelText('MIG profile'), ['1g.10gb']);
    await user.selectOptions(screen.getByLabelText('MIG profile'), ['']);

    await user.click(screen.getByRole('button', { name: 'Request GPUs' }));

    await waitFor(() => expect(api.createRequest).toHaveBeenCalledTimes(1));
    expect(api.createRequest).toHaveBeenCalledWith(
      {
        team: 'group:default/ml-platform',
        cluster: 'gpu-a',
        gpuClass: 'a100',
        count: 2,
        durationHours: 8,
        purpose: 'training',
        dataClassification: 'internal',
        justification: 'Fine-tune the assistant model on new data',
      },
      { idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    );
    expect(
      await screen.findByRole('heading', { name: 'GPUs granted' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('gpu-ml-platform-1a2b3c4d').length,
    ).toBeGreaterThan(0);
    await waitFor(() =>
      expect(document.body).toHaveTextContent(
        'kubectl --context gpu-a -n gpu-ml-platform-1a2b3c4d get resourcequota',
      ),
    );
    expect(document.body).toHaveTextContent('nvidia.com/gpu: 1');
  });

  it('does not submit an invalid request and shows every error', async () => {
    const api = setup();
    const user = userEvent.setup();
    await screen.findByLabelText('Team');
    await user.click(screen.getByRole('button', { name: 'Request GPUs' }));
    expect(
      await screen.findByText(/^justification: must say in at least 10/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^team: must be a group entity ref/),
    ).toBeInTheDocument();
    expect(api.createRequest).not.toHaveBeenCalled();
  });

  it.each([
    [
      409,
      'Quota exceeded',
      'Quota exceeded: group:default/ml-platform has 1 a100 left on gpu-a',
    ],
    [
      403,
      'You are not allowed to do this',
      'You are not a member of group:default/ml-platform',
    ],
    [400, 'Please correct the request', 'count: must be at most 64 on gpu-a'],
  ])('shows the server’s %s message', async (status, title, message) => {
    const api = setup();
    api.createRequest.mockRejectedValue(await responseError(status, message));
    const user = await fillValidRequest();
    await user.click(screen.getByRole('button', { name: 'Request GPUs' }));
    const alert = (await screen.findByText(title)).parentElement!;
    expect(alert).toHaveTextContent(message);
    expect(
      screen.queryByRole('heading', { name: 'GPUs granted' }),
    ).not.toBeInTheDocument();
  });

  it('shows the server’s field errors under the fields', async () => {
    const api = setup();
    api.createRequest.mockRejectedValue(
      await responseError(
        400,
        'count: must be at most 64 on gpu-a; durationHours: must be at most 72 for notebooks',
      ),
    );
    const user = await fillValidRequest();
    await user.click(screen.getByRole('button', { name: 'Request GPUs' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Count')).toHaveAccessibleDescription(
        'count: must be at most 64 on gpu-a',
      ),
    );
    expect(
      screen.getByLabelText('Duration (hours)'),
    ).toHaveAccessibleDescription(
      'durationHours: must be at most 72 for notebooks',
    );
  });

  it('shows a 403 for an entity the team does not own next to the entity field', async () => {
    const api = setup();
    const message =
      'component:default/assistant-api is owned by group:default/data-science, not by group:default/ml-platform or a team below it';
    api.createRequest.mockRejectedValue(await responseError(403, message));
    const user = await fillValidRequest();
    const entity = screen.getByLabelText('Component or system (optional)');
    await waitFor(() =>
      expect(within(entity).getAllByRole('option')).toHaveLength(3),
    );
    await user.selectOptions(entity, ['component:default/assistant-api']);
    await user.click(screen.getByRole('button', { name: 'Request GPUs' }));

    await waitFor(() =>
      expect(entity).toHaveAccessibleDescription(`entityRef: ${message}`),
    );
    expect(entity).toHaveAttribute('aria-invalid', 'true');
    expect(
      screen.getByText('Choose something your team owns'),
    ).toBeInTheDocument();

    // Choosing another entity clears the field's error.
    await user.selectOptions(entity, ['']);
    expect(entity).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('says when the team’s quota is not visible to the user (403)', async () => {
    const api = setup();
    api.getQuota.mockRejectedValue(
      await responseError(
        403,
        'You may not read the quota of group:default/ml-platform',
      ),
    );
    await fillValidRequest();
    expect(
      await screen.findByText(/Not visible to you: only the team’s members/),
    ).toBeInTheDocument();
  });

  it('sends a new idempotency key after a failed submission', async () => {
    const api = setup();
    api.createRequest
      .mockRejectedValueOnce(await responseError(409, 'No quota left'))
      .mockResolvedValueOnce(makeRequest());
    const user = await fillValidRequest();
    await user.click(screen.getByRole('button', { name: 'Request GPUs' }));
    await screen.findByText('No quota left');
    await user.click(screen.getByRole('button', { name: 'Request GPUs' }));
    await screen.findByRole('heading', { name: 'GPUs granted' });
    const [first, second] = api.createRequest.mock.calls.map(
      c => c[1].idempotencyKey,
    );
    expect(first).not.toEqual(second);
  });

  it('starts from the values in the link', async () => {
    setup({
      route:
        '/gpu/request?team=group:default/ml-platform&cluster=gpu-b&gpuClass=h100',
    });
    expect(await screen.findByLabelText('Team')).toHaveValue(
      'group:default/ml-platform',
    );
    expect(screen.getByLabelText('Cluster')).toHaveValue('gpu-b');
    expect(screen.getByLabelText('GPU class')).toHaveValue('h100');
    // The closed select shows the name and rate; the memory is said below it.
    expect(
      screen.getByRole('option', { name: 'H100 80GB · $4.50/h' }),
    ).toBeInTheDocument();
    expect(screen.getByText('80 GB of memory per GPU.')).toBeInTheDocument();
    expect(screen.getByLabelText('MIG profile')).toBeDisabled();
  });
});
