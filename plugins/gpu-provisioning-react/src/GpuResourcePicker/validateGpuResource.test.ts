import { ApiHolder } from '@backstage/core-plugin-api';
import { gpuProvisioningApiRef } from '../api';
import { validateGpuResource } from './validateGpuResource';

function run(value: any, getQuota: jest.Mock) {
  const errors: string[] = [];
  const validation = {
    addError: (e: string) => errors.push(e),
  } as unknown as Parameters<typeof validateGpuResource>[1];
  const apiHolder: ApiHolder = {
    get: ref =>
      ref.id === gpuProvisioningApiRef.id ? ({ getQuota } as any) : undefined,
  };
  return Promise.resolve(
    validateGpuResource(value, validation, {
      apiHolder,
      formData: { owner: 'group:default/ml-platform' },
      schema: {},
      uiSchema: { 'ui:options': { teamField: 'owner' } },
    }),
  ).then(() => errors);
}

const quota = jest.fn().mockResolvedValue({
  items: [
    {
      team: 'group:default/ml-platform',
      cluster: '*',
      gpuClass: 'h100/1g.10gb',
      limit: 4,
      used: 3,
      remaining: 1,
    },
  ],
});

describe('validateGpuResource', () => {
  it('accepts a choice within the quota', async () => {
    expect(
      await run(
        {
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          migProfile: '1g.10gb',
          count: 1,
          durationHours: 8,
        },
        quota,
      ),
    ).toEqual([]);
  });

  it('refuses more than the quota left, naming the quota', async () => {
    expect(
      await run(
        {
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          migProfile: '1g.10gb',
          count: 2,
          durationHours: 8,
        },
        quota,
      ),
    ).toEqual([
      'group:default/ml-platform has 1 of 4 h100/1g.10gb left; ask for fewer',
    ]);
  });

  it('names each missing part', async () => {
    expect(await run({ count: 0, durationHours: 0 }, quota)).toEqual([
      'Choose a cluster',
      'Choose a GPU class',
      'Count must be a whole number of at least 1',
      'Duration must be a whole number of hours, at least 1',
    ]);
  });

  it('leaves the quota to the backend when it cannot be read', async () => {
    expect(
      await run(
        { cluster: 'gpu-prod', gpuClass: 'h100', count: 99, durationHours: 8 },
        jest.fn().mockRejectedValue(new Error('down')),
      ),
    ).toEqual([]);
  });
});
