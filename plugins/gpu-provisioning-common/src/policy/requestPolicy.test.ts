import {
  checkRequestPolicy,
  dataClassificationsOf,
  DEFAULT_CLUSTER_DATA_CLASSIFICATIONS,
  exceedsApprovalThreshold,
  hourlyRateOf,
  PolicyClusters,
  PolicyRequest,
  RequestPolicyRules,
} from './requestPolicy';

// The fleet of the backend's router tests: gpu-dev has every class, gpu-prod no l40s.
const rules: RequestPolicyRules = {
  gpuClasses: [
    {
      id: 'h100',
      hourlyRate: 4,
      migProfiles: [
        { name: '1g.10gb', hourlyRate: 0.6 },
        { name: '2g.20gb', hourlyRate: 1.2 },
        { name: '3g.40gb', hourlyRate: 2 },
      ],
    },
    { id: 'a100', hourlyRate: 2.5, migProfiles: [] },
    { id: 'l40s', hourlyRate: 1.5, migProfiles: [] },
  ],
  maxDurationHours: 720,
  approvalThresholdGpuHours: 64,
  clusterDataClassifications: {
    'gpu-prod': ['public', 'internal', 'confidential', 'restricted'],
  },
  defaultDataClassifications: DEFAULT_CLUSTER_DATA_CLASSIFICATIONS,
};

const clusters: PolicyClusters = {
  names: ['gpu-dev', 'gpu-prod'],
  capacity: {
    items: [
      { cluster: 'gpu-dev', gpuClass: 'h100' },
      { cluster: 'gpu-dev', gpuClass: 'a100' },
      { cluster: 'gpu-dev', gpuClass: 'l40s' },
      { cluster: 'gpu-prod', gpuClass: 'h100' },
      { cluster: 'gpu-prod', gpuClass: 'a100' },
    ],
    unreadable: [],
  },
};

const request: PolicyRequest = {
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 2,
  durationHours: 8,
  dataClassification: 'internal',
};

describe('checkRequestPolicy', () => {
  it('allows a request within every rule', () => {
    expect(checkRequestPolicy(request, rules, clusters)).toEqual({
      problems: [],
      issues: [],
      hourlyRate: 4,
      gpuHours: 16,
      requiresApproval: false,
    });
  });

  // The same messages the backend's router tests expect in its 400 answers.
  it.each<[Partial<PolicyRequest>, string]>([
    [
      { cluster: 'gpu-mars' },
      "cluster: unknown cluster 'gpu-mars'; one of gpu-dev, gpu-prod",
    ],
    [
      { gpuClass: 'b200' },
      "gpuClass: unknown GPU class 'b200'; one of h100, a100, l40s",
    ],
    [
      { gpuClass: 'l40s' },
      'gpuClass: l40s is not available on cluster gpu-prod',
    ],
    [
      { migProfile: '7g.80gb' },
      'migProfile: 7g.80gb is not a MIG profile of h100; one of 1g.10gb, 2g.20gb, 3g.40gb',
    ],
    [
      { gpuClass: 'a100', migProfile: '1g.10gb' },
      'migProfile: a100 cannot be split into MIG instances',
    ],
    [
      { durationHours: 721, count: 1 },
      'durationHours: must be at most 720 hours',
    ],
    [
      {
        cluster: 'gpu-dev',
        gpuClass: 'l40s',
        dataClassification: 'restricted',
      },
      'dataClassification: gpu-dev may hold public, internal data only, not restricted',
    ],
  ])('refuses %j with one problem naming its field', (change, problem) => {
    const decision = checkRequestPolicy(
      { ...request, ...change },
      rules,
      clusters,
    );
    expect(decision.problems).toEqual([problem]);
    expect(decision.issues).toHaveLength(1);
    expect(`${decision.issues[0].field}: ${decision.issues[0].message}`).toBe(
      problem,
    );
  });

  it('names the rule each problem breaks', () => {
    const decision = checkRequestPolicy(
      {
        cluster: 'gpu-dev',
        gpuClass: 'a100',
        migProfile: '1g.10gb',
        count: 1,
        durationHours: 1000,
        dataClassification: 'confidential',
      },
      rules,
      clusters,
    );
    expect(decision.issues.map(i => [i.field, i.rule])).toEqual([
      ['migProfile', 'unknown-mig-profile'],
      ['durationHours', 'max-duration'],
      ['dataClassification', 'data-classification'],
    ]);
  });

  it('gives a cluster whose capacity could not be read the benefit of the doubt', () => {
    const decision = checkRequestPolicy(
      { ...request, gpuClass: 'l40s' },
      rules,
      {
        ...clusters,
        capacity: { ...clusters.capacity!, unreadable: ['gpu-prod'] },
      },
    );
    expect(decision.problems).toEqual([]);
  });

  it('does not check where a class is installed without capacity', () => {
    const decision = checkRequestPolicy(
      { ...request, gpuClass: 'l40s' },
      rules,
      {
        names: clusters.names,
      },
    );
    expect(decision.problems).toEqual([]);
  });

  it('does not check the data classification of an unknown cluster twice', () => {
    const decision = checkRequestPolicy(
      { ...request, cluster: 'gpu-mars', dataClassification: 'restricted' },
      rules,
      clusters,
    );
    expect(decision.issues.map(i => i.rule)).toEqual(['unknown-cluster']);
  });

  it('prices a MIG instance at its profile’s rate', () => {
    const decision = checkRequestPolicy(
      { ...request, migProfile: '2g.20gb', count: 3 },
      rules,
      clusters,
    );
    expect(decision.hourlyRate).toBe(1.2);
    expect(decision.gpuHours).toBe(24);
  });

  it('prices an unknown class at 0', () => {
    expect(
      checkRequestPolicy({ ...request, gpuClass: 'b200' }, rules, clusters)
        .hourlyRate,
    ).toBe(0);
  });

  it('asks for approval above the threshold, not at it', () => {
    expect(
      checkRequestPolicy(
        { ...request, count: 8, durationHours: 8 },
        rules,
        clusters,
      ).requiresApproval,
    ).toBe(false);
    expect(
      checkRequestPolicy(
        { ...request, count: 5, durationHours: 13 },
        rules,
        clusters,
      ).requiresApproval,
    ).toBe(true);
  });
});

describe('policy helpers', () => {
  it('reads a listed cluster’s classifications, else the default', () => {
    expect(dataClassificationsOf('gpu-prod', rules)).toContain('restricted');
    expect(dataClassificationsOf('gpu-dev', rules)).toEqual([
      'public',
      'internal',
    ]);
  });

  it('compares GPU-hours with the threshold strictly', () => {
    expect(exceedsApprovalThreshold(64, rules)).toBe(false);
    expect(exceedsApprovalThreshold(65, rules)).toBe(true);
  });

  it('rates a class, its MIG profile and an unknown class', () => {
    expect(hourlyRateOf({ gpuClass: 'h100' }, rules)).toBe(4);
    expect(
      hourlyRateOf({ gpuClass: 'h100', migProfile: '3g.40gb' }, rules),
    ).toBe(2);
    expect(hourlyRateOf({ gpuClass: 'h100', migProfile: 'nope' }, rules)).toBe(
      4,
    );
    expect(hourlyRateOf({ gpuClass: 'b200' }, rules)).toBe(0);
  });
});
