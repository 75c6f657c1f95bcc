import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readKueueCohorts } from './kueueCohortConfig';

const read = (cohorts: JsonValue | undefined) =>
  readKueueCohorts(new ConfigReader({ cohorts }), ['h100', 'a100']);

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
