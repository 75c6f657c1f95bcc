import { schedulerProblems } from './schedulerRules';

describe('schedulerProblems', () => {
  const schedulers = {
    mode: 'volcano' as const,
    clusterSchedulers: { 'gpu-prod': 'kai' as const },
  };

  it('refuses a MIG profile on a KAI cluster, naming the field', () => {
    expect(
      schedulerProblems(
        { cluster: 'gpu-prod', migProfile: '1g.10gb' },
        schedulers,
      ),
    ).toEqual([
      'migProfile: cluster gpu-prod schedules with KAI Scheduler, whose queues count whole GPUs; request whole GPUs there',
    ]);
  });

  it('takes whole GPUs on KAI and MIG instances elsewhere', () => {
    expect(schedulerProblems({ cluster: 'gpu-prod' }, schedulers)).toEqual([]);
    expect(
      schedulerProblems(
        { cluster: 'gpu-dev', migProfile: '1g.10gb' },
        schedulers,
      ),
    ).toEqual([]);
    expect(
      schedulerProblems(
        { cluster: 'gpu-prod', migProfile: '1g.10gb' },
        undefined,
      ),
    ).toEqual([]);
  });
});
