/**
 * The demo `gpuProvisioning` config (the shape app-config.yaml uses), for tests.
 */
export const testConfig = {
  gpuProvisioning: {
    gpuClasses: [
      {
        id: 'h100',
        displayName: 'NVIDIA H100 80GB',
        productLabel: 'NVIDIA-H100-80GB-HBM3',
        memoryMiB: 81559,
        hourlyRate: 4.5,
        migProfiles: [
          { name: '1g.10gb', memoryMiB: 9984, hourlyRate: 0.7 },
          { name: '2g.20gb', memoryMiB: 20096, hourlyRate: 1.3 },
          { name: '3g.40gb', memoryMiB: 40320, hourlyRate: 2.4 },
        ],
      },
      {
        id: 'a100',
        displayName: 'NVIDIA A100 80GB',
        productLabel: 'NVIDIA-A100-SXM4-80GB',
        memoryMiB: 81920,
        hourlyRate: 2.9,
      },
      {
        id: 'l40s',
        displayName: 'NVIDIA L40S',
        productLabel: 'NVIDIA-L40S',
        memoryMiB: 46068,
        hourlyRate: 1.6,
      },
    ],
    policy: {
      maxDurationHours: 720,
      approvalThresholdGpuHours: 200,
      defaultQuota: {
        h100: 8,
        a100: 8,
        l40s: 4,
        'h100/1g.10gb': 4,
        'h100/2g.20gb': 2,
        'h100/3g.40gb': 2,
      },
      teamQuotas: [{ team: 'group:default/vision', quota: { h100: 64 } }],
      clusterDataClassifications: {
        'gpu-prod': ['public', 'internal', 'confidential', 'restricted'],
        'gpu-dev': ['public', 'internal'],
      },
    },
    approvers: ['group:default/platform-engineering'],
  },
};
