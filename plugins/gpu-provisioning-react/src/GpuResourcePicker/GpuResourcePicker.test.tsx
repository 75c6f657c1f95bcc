import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { GpuResourcePicker, GpuResourcePickerProps } from './GpuResourcePicker';
import { GpuResourceValue } from './types';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { capacity, classes, policy } from '../__fixtures__/gpu';

const quota = {
  items: [
    {
      team: 'group:default/ml-platform',
      cluster: '*',
      gpuClass: 'h100',
      limit: 8,
      used: 6,
      remaining: 2,
    },
  ],
};

function setup(
  options: {
    formData?: Partial<GpuResourceValue>;
    classesError?: Error;
    owner?: string;
    startEstimate?: jest.Mock;
  } = {},
) {
  const onChange = jest.fn();
  const api = gpuProvisioningApiMock({
    getClasses: options.classesError
      ? jest.fn().mockRejectedValue(options.classesError)
      : jest.fn().mockResolvedValue({ classes, policy }),
    getCapacity: jest.fn().mockResolvedValue(capacity),
    getQuota: jest.fn().mockResolvedValue(quota),
    getStartEstimate:
      options.startEstimate ??
      jest.fn().mockResolvedValue({
        outcome: 'now',
        quotaLimit: 8,
        quotaLeft: 2,
        freeNow: 6,
        requiresApproval: false,
        reason: 'Can start now.',
      }),
  });
  // The props RJSF gives a field; only those the picker reads are set.
  const props = {
    formData: options.formData,
    onChange,
    schema: {
      title: 'GPUs',
      type: 'object',
      properties: { count: { maximum: 8 } },
    },
    uiSchema: { 'ui:options': { teamField: 'owner' } },
    idSchema: { $id: 'root_gpu' },
    rawErrors: [],
    required: true,
    formContext: {
      formData: {
        owner: options.owner ?? 'group:default/ml-platform',
        dataClassification: 'confidential',
      },
    },
  } as unknown as GpuResourcePickerProps;
  renderInTestApp(<GpuResourcePicker {...props} />, { apis: [api] });
  return { api, onChange };
}

describe('GpuResourcePicker', () => {
  it('proposes a complete choice once the classes are loaded', async () => {
    const { onChange } = setup();
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith({
        cluster: 'gpu-a',
        gpuClass: 'a100',
        count: 1,
        durationHours: 24,
      }),
    );
  });

  it("shows free capacity, the team's quota left and the cost of the choice", async () => {
    const { api } = setup({
      formData: {
        cluster: 'gpu-b',
        gpuClass: 'h100',
        count: 2,
        durationHours: 10,
      },
    });
    const status = await screen.findByRole('status', {
      name: 'GPU availability and cost',
    });
    await waitFor(() =>
      expect(status).toHaveTextContent(/Free on gpu-b\s*6 GPUs/),
    );
    expect(status).toHaveTextContent(/Team quota left\s*2 GPUs/);
    expect(status).toHaveTextContent(/GPU hours\s*20/);
    // 2 GPUs x 10 h x $4.50
    expect(status).toHaveTextContent(/Estimated cost\s*\$90\.00/);
    expect(api.getQuota).toHaveBeenCalledWith({
      team: 'group:default/ml-platform',
    });
    expect(screen.getByLabelText(/^Cluster/)).toHaveValue('gpu-b');
    expect(screen.getByLabelText(/^GPU class/)).toHaveValue('h100');
  });

  it('warns before the request would be refused or wait for approval', async () => {
    setup({
      formData: {
        cluster: 'gpu-b',
        gpuClass: 'h100',
        count: 4,
        durationHours: 100,
      },
    });
    expect(
      await screen.findByText(/Your team has 2 left of its h100 quota/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/an approver must approve the request/),
    ).toBeInTheDocument();
  });

  it('warns as the backend refuses: data an unlisted cluster may not hold, a class not on the cluster, too long a grant', async () => {
    setup({
      formData: {
        cluster: 'gpu-a',
        gpuClass: 'h100',
        count: 1,
        durationHours: 800,
      },
    });
    expect(
      await screen.findByText('h100 is not available on cluster gpu-a.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('At most 720 hours may be requested.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'gpu-a may not hold confidential data (allowed: public, internal).',
      ),
    ).toBeInTheDocument();
  });

  it('offers the MIG profiles of the class and reports the choice', async () => {
    const { onChange } = setup({
      formData: {
        cluster: 'gpu-a',
        gpuClass: 'a100',
        count: 1,
        durationHours: 8,
      },
    });
    const mig = await screen.findByLabelText(/^MIG profile/);
    expect(
      within(mig)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['Whole GPU', '1g.10gb', '3g.40gb']);
    await userEvent.selectOptions(mig, '1g.10gb');
    expect(onChange).toHaveBeenLastCalledWith({
      cluster: 'gpu-a',
      gpuClass: 'a100',
      migProfile: '1g.10gb',
      count: 1,
      durationHours: 8,
    });
  });

  it('asks for an owner before it can show a quota', async () => {
    setup({
      owner: '',
      formData: {
        cluster: 'gpu-b',
        gpuClass: 'h100',
        count: 1,
        durationHours: 1,
      },
    });
    expect(await screen.findByText('choose an owner')).toBeInTheDocument();
  });

  it('says when it would start and why, as the request form does', async () => {
    const startEstimate = jest.fn().mockResolvedValue({
      outcome: 'later',
      startsAt: '2026-12-04T12:00:00Z',
      binding: 'quota',
      waitsFor: 1,
      quotaLimit: 8,
      quotaLeft: 0,
      freeNow: 6,
      requiresApproval: false,
      reason:
        "Starts in about 2 h, when 1 grant ends: your team's quota has 0 of 8 H100 GPUs left and you asked for 2.",
    });
    const { api } = setup({
      startEstimate,
      formData: {
        cluster: 'gpu-b',
        gpuClass: 'h100',
        count: 2,
        durationHours: 10,
      },
    });
    const status = await screen.findByRole('status', {
      name: 'When it would start',
    });
    await waitFor(() =>
      expect(status).toHaveTextContent('Starts: In about 2 h'),
    );
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status).toHaveTextContent(
      "Starts in about 2 h, when 1 grant ends: your team's quota has 0 of 8 H100 GPUs left and you asked for 2.",
    );
    expect(api.getStartEstimate).toHaveBeenCalledTimes(1);
    expect(api.getStartEstimate).toHaveBeenCalledWith({
      team: 'group:default/ml-platform',
      cluster: 'gpu-b',
      gpuClass: 'h100',
      count: 2,
      durationHours: 10,
      dataClassification: 'confidential',
    });
  });

  it.each([
    ['now', 'Now', false],
    ['over-quota', 'Not with this quota', true],
    ['unknown', 'Cannot say when', true],
  ])('words the %s outcome as "%s"', async (outcome, words, showsReason) => {
    const reason = `The reason for ${outcome}.`;
    setup({
      startEstimate: jest.fn().mockResolvedValue({
        outcome,
        quotaLimit: 8,
        quotaLeft: 2,
        freeNow: 6,
        requiresApproval: false,
        reason,
      }),
      formData: {
        cluster: 'gpu-b',
        gpuClass: 'h100',
        count: 1,
        durationHours: 1,
      },
    });
    const status = await screen.findByRole('status', {
      name: 'When it would start',
    });
    await waitFor(() => expect(status).toHaveTextContent(`Starts: ${words}`));
    expect(status.textContent?.includes(reason)).toBe(showsReason);
  });

  it('says it is checking, then that it could not tell when the backend fails', async () => {
    let fail: (error: Error) => void = () => {};
    setup({
      startEstimate: jest.fn().mockReturnValue(
        new Promise((_resolve, reject) => {
          fail = reject;
        }),
      ),
      formData: {
        cluster: 'gpu-b',
        gpuClass: 'h100',
        count: 1,
        durationHours: 1,
      },
    });
    const status = await screen.findByRole('status', {
      name: 'When it would start',
    });
    await waitFor(() => expect(status).toHaveTextContent('Starts: Checking…'));
    expect(status).toHaveAttribute('aria-busy', 'true');
    fail(new Error('backend down'));
    await waitFor(() =>
      expect(status).toHaveTextContent('Starts: Could not tell'),
    );
    expect(status).toHaveTextContent(
      'Whether it would start could not be read: backend down',
    );
  });

  it('asks nothing while the choice breaks the policy or has no owner', async () => {
    const { api } = setup({
      formData: {
        cluster: 'gpu-a',
        gpuClass: 'h100',
        count: 1,
        durationHours: 800,
      },
    });
    const status = await screen.findByRole('status', {
      name: 'When it would start',
    });
    expect(status).toHaveTextContent('Starts: —');
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(api.getStartEstimate).not.toHaveBeenCalled();
  });

  it('says when the classes cannot be loaded', async () => {
    setup({ classesError: new Error('backend down') });
    expect(
      await screen.findByText(/GPU classes could not be loaded/),
    ).toBeInTheDocument();
  });
});
