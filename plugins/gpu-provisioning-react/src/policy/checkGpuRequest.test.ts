import { classes, policy } from '../__fixtures__/gpu';
import { checkGpuRequest, gpuRequestPolicyClusters } from './checkGpuRequest';

const facts = { classes, policy };

describe('checkGpuRequest', () => {
  it('reads clusters and where each class is from the classes', () => {
    expect(gpuRequestPolicyClusters(classes)).toEqual({
      names: ['gpu-a', 'gpu-b'],
      capacity: {
        items: [
          { cluster: 'gpu-a', gpuClass: 'a100' },
          { cluster: 'gpu-b', gpuClass: 'a100' },
          { cluster: 'gpu-b', gpuClass: 'h100' },
        ],
        unreadable: [],
      },
    });
  });

  it('allows a request within the policy and prices it', () => {
    const decision = checkGpuRequest(
      {
        cluster: 'gpu-b',
        gpuClass: 'h100',
        count: 2,
        durationHours: 10,
        dataClassification: 'restricted',
      },
      facts,
    );
    expect(decision).toMatchObject({
      problems: [],
      hourlyRate: 4.5,
      gpuHours: 20,
      requiresApproval: false,
    });
  });

  it('holds an unlisted cluster to the default classifications, as the backend does', () => {
    const decision = checkGpuRequest(
      {
        cluster: 'gpu-a',
        gpuClass: 'a100',
        count: 1,
        durationHours: 1,
        dataClassification: 'confidential',
      },
      facts,
    );
    expect(decision.problems).toEqual([
      'dataClassification: gpu-a may hold public, internal data only, not confidential',
    ]);
  });

  it('skips the classification check when the draft has none', () => {
    const decision = checkGpuRequest(
      { cluster: 'gpu-a', gpuClass: 'a100', count: 1, durationHours: 1 },
      facts,
    );
    expect(decision.issues).toEqual([]);
  });

  it('flags a class not on the cluster, a foreign MIG profile and too long a grant', () => {
    const decision = checkGpuRequest(
      {
        cluster: 'gpu-a',
        gpuClass: 'h100',
        migProfile: '1g.10gb',
        count: 1,
        durationHours: 721,
      },
      facts,
    );
    expect(decision.issues.map(i => i.rule)).toEqual([
      'gpu-class-unavailable',
      'unknown-mig-profile',
      'max-duration',
    ]);
  });

  it('counts partial or fractional numbers as no GPU time', () => {
    const decision = checkGpuRequest(
      { cluster: 'gpu-b', gpuClass: 'h100', count: 1.5, durationHours: 300 },
      facts,
    );
    expect(decision.gpuHours).toBe(0);
    expect(decision.requiresApproval).toBe(false);
  });

  it('asks for approval above the threshold', () => {
    expect(
      checkGpuRequest(
        { cluster: 'gpu-b', gpuClass: 'h100', count: 4, durationHours: 100 },
        facts,
      ).requiresApproval,
    ).toBe(true);
  });
});
