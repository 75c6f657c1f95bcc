import { createSchemaValidation } from '@ai-platform/cluster-sim';
import { ConfigReader } from '@backstage/config';
import { readSharingDepartments } from '../../config/kueueCohortConfig';
import { CohortTeam } from '../../kueue/teamClusterQueue';
import { testProvisioningConfig } from '../__testUtils__/testProvisioningConfig';
import { testRequest } from '../__testUtils__/testRequest';
import { grantObjects } from '../grantObjects';
import { schedulerQuotaSharingOf } from './schedulerQuotaSharingOf';
import { kaiTeamQueues, teamShare, volcanoTeamQueues } from './teamQueues';

const [department] = readSharingDepartments(
  new ConfigReader({
    sharing: {
      departments: [
        {
          department: 'group:default/ai-division',
          reclaimWithinCohort: 'Never',
          borrowingLimit: { h100: 2 },
          // vision borrows without a limit of its own on L40S.
          teams: [
            { team: 'group:default/vision', borrowingLimit: { h100: 1 } },
          ],
        },
      ],
    },
  }),
  ['h100', 'l40s'],
);
const member = (name: string): CohortTeam => ({
  team: `group:default/${name}`,
  teamName: name,
  cohort: 'ai-division',
  config: department,
});
const quotas = {
  defaultQuota: { h100: 0, l40s: 0 },
  teamQuotas: {
    'group:default/vision': { h100: 2, l40s: 1 },
    'group:default/speech': { h100: 4 },
  },
};
const schemas = createSchemaValidation({ required: true })!;
const valid = (object: object) =>
  schemas.validator.validate(object, { strictUnknownFields: true });

describe('team queues of sharing departments', () => {
  it('sums a team’s classes, as KAI and Volcano count GPUs together; borrowing is unlimited when a class has no limit', () => {
    expect(teamShare(member('vision'), quotas, ['h100'])).toMatchObject({
      quota: 2,
      borrowingLimit: 1,
    });
    const both = teamShare(member('vision'), quotas, ['h100', 'l40s']);
    expect(both.quota).toBe(3);
    expect(both.borrowingLimit).toBeUndefined();
  });

  it('builds KAI queues valid against its CRD: the department holds its teams’ quotas, a team may go to quota plus borrowing', () => {
    const shares = ['speech', 'vision'].map(t =>
      teamShare(member(t), quotas, ['h100']),
    );
    const queues = kaiTeamQueues(shares, {
      kai: { parentQueueTemplate: '{team}', milliCpu: -1, memoryMegabytes: -1 },
    });
    for (const queue of queues)
      expect(valid(queue)).toMatchObject({ valid: true });
    expect(queues.map(q => [q.metadata.name, (q as any).spec])).toEqual([
      [
        'ai-division',
        expect.objectContaining({
          resources: expect.objectContaining({
            gpu: { quota: 6, limit: 6, overQuotaWeight: 1 },
          }),
        }),
      ],
      [
        'speech',
        expect.objectContaining({
          parentQueue: 'ai-division',
          resources: expect.objectContaining({
            gpu: { quota: 4, limit: 6, overQuotaWeight: 1 },
          }),
        }),
      ],
      [
        'vision',
        expect.objectContaining({
          parentQueue: 'ai-division',
          resources: expect.objectContaining({
            gpu: { quota: 2, limit: 3, overQuotaWeight: 1 },
          }),
        }),
      ],
    ]);
  });

  it('builds Volcano hierarchical queues valid against its CRD, not reclaimable when the department says Never', () => {
    const shares = ['vision'].map(t => teamShare(member(t), quotas, ['h100']));
    const [dept, vision] = volcanoTeamQueues(shares, {
      volcano: {},
    });
    expect(valid(dept)).toMatchObject({ valid: true });
    expect(valid(vision)).toMatchObject({ valid: true });
    expect((vision as any).spec).toEqual({
      parent: 'ai-division',
      guarantee: { resource: { 'nvidia.com/gpu': '2' } },
      deserved: { 'nvidia.com/gpu': '2' },
      capability: { 'nvidia.com/gpu': '3' },
      reclaimable: false,
      weight: 1,
    });
  });

  it('gives a sharing team’s grant room to borrow in its queue and its ResourceQuota', () => {
    const config = testProvisioningConfig({
      clusters: { 'gpu-prod': { scheduler: 'volcano' } },
    });
    const objects = grantObjects(
      { request: testRequest({ count: 2 }), teamName: 'vision' },
      config,
      { borrowable: 3, reclaimable: true },
    );
    expect(objects.namespaced[0]).toMatchObject({
      spec: { hard: { 'requests.nvidia.com/gpu': '5' } },
    });
    expect(objects.queues[0]).toMatchObject({
      spec: {
        parent: 'vision',
        deserved: { 'nvidia.com/gpu': '2' },
        capability: { 'nvidia.com/gpu': '5' },
        reclaimable: true,
      },
    });
    expect(valid(objects.queues[0])).toMatchObject({ valid: true });
  });

  it('reads the sharing picture of a department from the Queues’ specs and allocations', () => {
    const shares = ['speech', 'vision'].map(t =>
      teamShare(member(t), quotas, ['h100']),
    );
    const queues = kaiTeamQueues(shares, {
      kai: { parentQueueTemplate: '{team}', milliCpu: -1, memoryMegabytes: -1 },
    }).map(q => ({
      ...q,
      status: {
        allocated: {
          'nvidia.com/gpu': q.metadata.name === 'vision' ? '3' : '1',
        },
      },
    }));
    const answer = schedulerQuotaSharingOf({
      cluster: 'gpu-prod',
      scheduler: 'kai',
      teamQueue: 'vision',
      queues,
      gpuClass: 'h100',
    });
    expect(answer).toMatchObject({
      clusterQueue: 'vision',
      cohort: 'ai-division',
      reclaimWithinCohort: 'Any',
      classes: [
        {
          gpuClass: 'h100',
          members: [
            { clusterQueue: 'vision', nominal: 2, inUse: 3, borrowed: 1 },
            { clusterQueue: 'speech', nominal: 4, inUse: 1, lent: 1, idle: 2 },
          ],
          loans: [
            expect.objectContaining({
              fromClusterQueue: 'speech',
              toClusterQueue: 'vision',
              gpus: 1,
            }),
          ],
        },
      ],
    });
    expect(
      schedulerQuotaSharingOf({
        cluster: 'gpu-prod',
        scheduler: 'kai',
        teamQueue: 'absent',
        queues,
        gpuClass: 'h100',
      }),
    ).toBeUndefined();
  });

  it('reads kueue.cohorts as the same setting, and refuses both', () => {
    const entry = { department: 'group:default/ai-division' };
    expect(
      readSharingDepartments(
        new ConfigReader({ kueue: { cohorts: [entry] } }),
        ['h100'],
      ),
    ).toEqual(
      readSharingDepartments(
        new ConfigReader({ sharing: { departments: [entry] } }),
        ['h100'],
      ),
    );
    expect(() =>
      readSharingDepartments(
        new ConfigReader({
          sharing: { departments: [entry] },
          kueue: { cohorts: [entry] },
        }),
        ['h100'],
      ),
    ).toThrow(
      'gpuProvisioning.sharing.departments and gpuProvisioning.kueue.cohorts',
    );
    expect(() =>
      readSharingDepartments(
        new ConfigReader({
          sharing: { departments: [{ department: 'user:default/bo' }] },
        }),
        ['h100'],
      ),
    ).toThrow('gpuProvisioning.sharing.departments[0].department must be');
  });
});
