import { act, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { gpuProvisioningApiMock } from '@ai-platform/test-utils-react';
import { QueuePosition } from '@ai-platform/plugin-gpu-provisioning-react';
import { QueuePositionLine } from './QueuePositionLine';
import { WAITING_POLL_MS } from './useQueuePosition';

const ID = '1a2b3c4d-0000-4000-8000-000000000001';

const waiting: QueuePosition = {
  requestId: ID,
  scheduler: 'kueue',
  state: 'waiting',
  queue: 'ClusterQueue vision',
  position: 3,
  ahead: 2,
  aheadGpus: 8,
  waitingGpus: 2,
  freeNow: 0,
  nextRelease: { at: '2026-03-02T18:00:00.000Z', gpus: 4 },
  workloads: [
    {
      kind: 'Workload',
      name: 'job-train-abcde',
      gpus: 2,
      position: 3,
      ahead: 2,
      aheadGpus: 8,
    },
  ],
  summary:
    '2 jobs ahead of yours in ClusterQueue vision, 8 H100 GPUs; the next grant to free 4 H100 GPUs ends in about 8 h.',
  startsWhen:
    'It starts once 10 more H100 GPUs are free in ClusterQueue vision.',
  checkedAt: '2026-03-02T10:00:00.000Z',
};

describe('QueuePositionLine', () => {
  afterEach(() => jest.useRealTimers());

  it('shows where a waiting grant stands and reads it again while it waits', async () => {
    jest.useFakeTimers();
    const api = gpuProvisioningApiMock({
      getQueuePosition: jest
        .fn()
        .mockResolvedValueOnce(waiting)
        .mockResolvedValueOnce({
          ...waiting,
          position: 1,
          ahead: 0,
          aheadGpus: 0,
          summary: 'Your job is next in ClusterQueue vision.',
        })
        .mockResolvedValue({ ...waiting, state: 'running', workloads: [] }),
    });
    await renderInTestApp(
      <QueuePositionLine request={{ id: ID, status: 'active' }} />,
      { apis: [api] },
    );
    expect(
      await screen.findByText('Waiting: #3 in ClusterQueue vision'),
    ).toBeInTheDocument();
    expect(screen.getByText(waiting.summary)).toBeInTheDocument();
    expect(screen.getByText(waiting.startsWhen!)).toBeInTheDocument();
    expect(
      screen.getByText(/Next grant of the queue ends at .*, freeing 4\./),
    ).toBeInTheDocument();
    expect(api.getQueuePosition).toHaveBeenCalledWith(ID);

    await act(async () => {
      jest.advanceTimersByTime(WAITING_POLL_MS);
    });
    expect(
      await screen.findByText('Waiting: #1 in ClusterQueue vision'),
    ).toBeInTheDocument();

    // Once it runs, the line goes away.
    await act(async () => {
      jest.advanceTimersByTime(WAITING_POLL_MS);
    });
    expect(screen.queryByText(/Waiting:/)).not.toBeInTheDocument();
    expect(api.getQueuePosition).toHaveBeenCalledTimes(3);
  });

  it('shows a KAI Scheduler grant’s pods in the team queue as it shows Kueue’s jobs', async () => {
    const kai: QueuePosition = {
      ...waiting,
      scheduler: 'kai',
      queue: 'KAI Scheduler queue vision',
      position: 2,
      ahead: 1,
      aheadGpus: 16,
      waitingGpus: 16,
      freeNow: 16,
      nextRelease: { at: '2026-03-02T18:00:00.000Z', gpus: 16 },
      workloads: [
        {
          kind: 'Pod',
          name: 'wider-run',
          gpus: 16,
          position: 2,
          ahead: 1,
          aheadGpus: 16,
        },
      ],
      summary:
        '1 pod ahead of yours in KAI Scheduler queue vision, 16 H100 GPUs; the next grant to free 16 H100 GPUs ends in about 8 h.',
      startsWhen:
        'It starts once 16 more H100 GPUs are free in KAI Scheduler queue vision.',
    };
    const api = gpuProvisioningApiMock({
      getQueuePosition: jest.fn().mockResolvedValue(kai),
    });
    await renderInTestApp(
      <QueuePositionLine request={{ id: ID, status: 'active' }} />,
      { apis: [api] },
    );
    expect(
      await screen.findByText('Waiting: #2 in KAI Scheduler queue vision'),
    ).toBeInTheDocument();
    expect(screen.getByText(kai.summary)).toBeInTheDocument();
    expect(screen.getByText(kai.startsWhen!)).toBeInTheDocument();
  });

  it('reads nothing for a grant that is not active', async () => {
    const api = gpuProvisioningApiMock({ getQueuePosition: jest.fn() });
    await renderInTestApp(
      <QueuePositionLine request={{ id: ID, status: 'pending-approval' }} />,
      { apis: [api] },
    );
    expect(api.getQueuePosition).not.toHaveBeenCalled();
  });

  it('says when the position cannot be read', async () => {
    const api = gpuProvisioningApiMock({
      getQueuePosition: jest
        .fn()
        .mockRejectedValue(new Error('cluster gpu-b could not be read')),
    });
    await renderInTestApp(
      <QueuePositionLine request={{ id: ID, status: 'active' }} />,
      { apis: [api] },
    );
    expect(
      await screen.findByText(
        'Queue position unavailable: cluster gpu-b could not be read',
      ),
    ).toBeInTheDocument();
  });
});
