import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readKueueCohorts } from './kueueCohortConfig';

const read = (cohorts: JsonValue | undefined) =>
  readKueueCohorts(new ConfigReader({ cohorts }), [
    'h100',
    'h100/1g.10gb',
    'a100',
  ]);

describe('readKueueCohorts', () => {
  it('reads departments, limits per class and team, with Any reclaiming by default', () => {
    expect(
      read([
        {
          department: 'Group:default/AI-Division',
          borrowingLimit: { h100: 4 },
          teams: [{ team: 'vision', lendingLimit: { h100: 0 } }],
        },
      ]),
    ).toEqual([
      {
        department: 'group:default/ai-division',
        reclaimWithinCohort: 'Any',
        borrowingLimit: { h100: 4 },
        lendingLimit: {},
        teams: {
          'group:default/vision': {
            borrowingLimit: {},
            lendingLimit: { h100: 0 },
          },
        },
      },
    ]);
    expect(read(undefined)).toEqual([]);
  });

  it('reads limits of a MIG profile by its quota key, which is not a config path', () => {
    expect(
      read([
        {
          department: 'ai-division',
          borrowingLimit: { h100: 2, 'h100/1g.10gb': 3 },
          teams: [{ team: 'vision', lendingLimit: { 'h100/1g.10gb': 0 } }],
        },
      ])[0],
    ).toMatchObject({
      borrowingLimit: { h100: 2, 'h100/1g.10gb': 3 },
      teams: {
        'group:default/vision': { lendingLimit: { 'h100/1g.10gb': 0 } },
      },
    });
  });

  it.each([
    [
      [{ department: 'user:default/bo' }],
      'gpuProvisioning.kueue.cohorts[0].department must be a group entity ref',
    ],
    [
      [{ department: 'a' }, { department: 'group:default/A' }],
      'gpuProvisioning.kueue.cohorts[1].department: group:default/a is listed twice',
    ],
    [
      [{ department: 'a', reclaimWithinCohort: 'Sometimes' }],
      'gpuProvisioning.kueue.cohorts[0].reclaimWithinCohort must be one of Never, LowerPriority, Any',
    ],
    [
      [{ department: 'a', borrowingLimit: { tpu: 1 } }],
      "gpuProvisioning.kueue.cohorts[0].borrowingLimit.tpu: 'tpu' is not a GPU class",
    ],
    [
      [{ department: 'a', borrowingLimit: { 'h100/7g.80gb': 1 } }],
      "gpuProvisioning.kueue.cohorts[0].borrowingLimit.h100/7g.80gb: 'h100/7g.80gb' is not a GPU class or class/MIG profile",
    ],
    [
      [{ department: 'a', borrowingLimit: { h100: '2' } }],
      'gpuProvisioning.kueue.cohorts[0].borrowingLimit.h100 must be a whole number',
    ],
    [
      [
        {
          department: 'a',
          teams: [{ team: 'b', lendingLimit: { h100: 1.5 } }],
        },
      ],
      'gpuProvisioning.kueue.cohorts[0].teams[0].lendingLimit.h100 must be a whole number of GPUs',
    ],
  ] as Array<[JsonValue, string]>)(
    'refuses %j naming the key',
    (cohorts, message) => {
      expect(() => read(cohorts)).toThrow(message);
    },
  );
});
