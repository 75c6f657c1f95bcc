import {
  CapacityResponse,
  GpuClassInfo,
  GpuRequest,
  ProvisioningPolicyInfo,
} from '@ai-platform/plugin-gpu-provisioning-common';

export const classes: GpuClassInfo[] = [
  {
    id: 'a100',
    displayName: 'A100 80GB',
    memoryMiB: 81920,
    hourlyRate: 3.2,
    migProfiles: [
      { name: '1g.10gb', memoryMiB: 10240, hourlyRate: 0.45 },
      { name: '3g.40gb', memoryMiB: 40960, hourlyRate: 1.6 },
    ],
    clusters: ['gpu-a', 'gpu-b'],
  },
  {
    id: 'h100',
    displayName: 'H100 80GB',
    memoryMiB: 81920,
    hourlyRate: 4.5,
    migProfiles: [],
    clusters: ['gpu-b'],
  },
];

export const policy: ProvisioningPolicyInfo = {
  maxDurationHours: 720,
  approvalThresholdGpuHours: 200,
  clusterDataClassifications: {
    'gpu-b': ['public', 'internal', 'confidential', 'restricted'],
  },
};

export const capacity: CapacityResponse = {
  items: [
    {
      cluster: 'gpu-a',
      gpuClass: 'a100',
      displayName: 'A100 80GB',
      resource: 'nvidia.com/gpu',
      memoryMiB: 81920,
      hourlyRate: 3.2,
      total: 8,
      inUse: 3,
      granted: 5,
      free: 3,
    },
    {
      cluster: 'gpu-a',
      gpuClass: 'a100',
      displayName: 'A100 80GB',
      resource: 'nvidia.com/mig-1g.10gb',
      migProfile: '1g.10gb',
      memoryMiB: 10240,
      hourlyRate: 0.45,
      total: 14,
      inUse: 2,
      granted: 4,
      free: 10,
    },
    {
      cluster: 'gpu-b',
      gpuClass: 'h100',
      displayName: 'H100 80GB',
      resource: 'nvidia.com/gpu',
      memoryMiB: 81920,
      hourlyRate: 4.5,
      total: 16,
      inUse: 10,
      granted: 4,
      free: 6,
    },
  ],
  errors: [],
};

export const NOW = new Date('2025-06-02T12:00:00Z').getTime();

export function makeRequest(overrides: Partial<GpuRequest> = {}): GpuRequest {
  const base: GpuRequest = {
    id: '1a2b3c4d-0000-4000-8000-000000000001',
    team: 'group:default/ml-platform',
    cluster: 'gpu-a',
    gpuClass: 'a100',
    count: 2,
    durationHours: 8,
    purpose: 'training',
    dataClassification: 'internal',
    justification: 'Fine-tune the assistant model on new data',
    status: 'active',
    requestedBy: 'user:default/guest',
    createdAt: '2025-06-02T10:00:00.000Z',
    updatedAt: '2025-06-02T10:00:05.000Z',
    gpuHours: 16,
    estimatedCost: 51.2,
    requiresApproval: false,
    namespace: 'gpu-ml-platform-1a2b3c4d',
    activeSince: '2025-06-02T10:00:05.000Z',
    expiresAt: '2025-06-02T18:00:05.000Z',
  };
  return { ...base, ...overrides };
}
