import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { FleetUsage, IdleGpu } from '@ai-platform/plugin-gpu-metrics-common';
import { DefaultIdleGpuService } from './DefaultIdleGpuService';

function idle(pod: string, team?: string): IdleGpu {
  return {
    cluster: 'gpu-prod',
    hostname: 'node-1',
    gpu: '0',
    uuid: `GPU-${pod}`,
    modelName: 'NVIDIA A100',
    namespace: 'ml',
    pod,
    team,
    idleHours: 2,
    wastedGpuHours: 2,
  };
}

describe('DefaultIdleGpuService', () => {
  const answer: FleetUsage = {
    clusters: [],
    idle: [
      idle('a', 'group:default/recommendations'),
      idle('b', 'group:default/search'),
      idle('c'),
    ],
    errors: [],
  };
  const fleet = { fleet: jest.fn(async () => answer) };
  const service = DefaultIdleGpuService.create({ fleet });
  const credentials = mockCredentials.user();

  it("gives the fleet's idle GPUs, in its order, to a caller without a team", async () => {
    const gpus = await service.idleGpus({ window: '7d' }, credentials);
    expect(gpus.map(g => g.pod)).toEqual(['a', 'b', 'c']);
    expect(fleet.fleet).toHaveBeenCalledWith('7d', credentials);
  });

  it.each(['Group:Default/Recommendations', 'recommendations'])(
    'keeps only the GPUs of team %s, compared case-insensitively',
    async team => {
      const gpus = await service.idleGpus({ window: '24h', team }, credentials);
      expect(gpus.map(g => g.pod)).toEqual(['a']);
    },
  );

  it('refuses a malformed team naming the field, before reading the fleet', async () => {
    fleet.fleet.mockClear();
    await expect(
      service.idleGpus({ window: '24h', team: 'group:' }, credentials),
    ).rejects.toThrow(InputError);
    await expect(
      service.idleGpus({ window: '24h', team: 'group:' }, credentials),
    ).rejects.toThrow(/^team: /);
    expect(fleet.fleet).not.toHaveBeenCalled();
  });
});
