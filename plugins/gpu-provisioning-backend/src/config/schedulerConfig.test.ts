import { ConfigReader } from '@backstage/config';
import { readSchedulerConfig, schedulerOf } from './schedulerConfig';

const read = (data: object) => readSchedulerConfig(new ConfigReader(data));

describe('readSchedulerConfig', () => {
  it('gives every cluster the global mode unless it names its own scheduler', () => {
    const config = read({
      mode: 'kueue',
      clusters: {
        'gpu-prod': { scheduler: 'kai' },
        'gpu-edge': { scheduler: 'volcano' },
        'gpu-dev': {},
      },
    });
    expect(schedulerOf(config, 'gpu-prod')).toBe('kai');
    expect(schedulerOf(config, 'gpu-edge')).toBe('volcano');
    expect(schedulerOf(config, 'gpu-dev')).toBe('kueue');
    expect(schedulerOf(config, 'gpu-other')).toBe('kueue');
    expect(schedulerOf(read({}), 'gpu-prod')).toBe('resourcequota');
    expect(schedulerOf(config, 'constructor')).toBe('kueue');
  });

  it('defaults the KAI parent queue to the team and CPU and memory to unlimited', () => {
    expect(read({}).kai).toEqual({
      parentQueueTemplate: '{team}',
      milliCpu: -1,
      memoryMegabytes: -1,
    });
    expect(read({}).volcano).toEqual({ parentQueueTemplate: undefined });
  });

  it('names the key of an unknown scheduler', () => {
    expect(() =>
      read({ clusters: { 'gpu-prod': { scheduler: 'slurm' } } }),
    ).toThrow(
      "gpuProvisioning.clusters.gpu-prod.scheduler must be one of resourcequota, kueue, kai, volcano, not 'slurm'",
    );
    expect(() => read({ mode: 'yunikorn' })).toThrow(
      "gpuProvisioning.mode must be one of resourcequota, kueue, kai, volcano, not 'yunikorn'",
    );
    expect(() => read({ clusters: { 'gpu-prod': 'kai' } })).toThrow(
      'gpuProvisioning.clusters.gpu-prod.scheduler must be a string',
    );
  });

  it('reads KAI CPU in cores as the millicpus KAI counts', () => {
    expect(read({ kai: { cpu: 1.5, memoryMegabytes: 64000 } }).kai).toEqual({
      parentQueueTemplate: '{team}',
      milliCpu: 1500,
      memoryMegabytes: 64000,
    });
  });

  it('names a KAI limit that is neither -1 nor a number of at least 0', () => {
    expect(() => read({ kai: { cpu: -2 } })).toThrow(
      'gpuProvisioning.kai.cpu must be -1 (unlimited) or a number of at least 0, not -2',
    );
  });
});
