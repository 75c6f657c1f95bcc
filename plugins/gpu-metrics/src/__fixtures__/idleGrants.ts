import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import {
  GpuClassesResponse,
  IdleGrant,
  IdleGrantList,
  IdlePolicyReport,
} from '@ai-platform/plugin-gpu-provisioning-react';

const base = {
  requestedBy: 'user:default/alice',
  activeSince: '2026-11-20T08:00:00Z',
  expiresAt: '2026-11-27T08:00:00Z',
  lastBusyAt: '2026-11-21T02:00:00Z',
  idleSince: '2026-11-21T02:00:00Z',
};

/** ml-platform's two H100s on gpu-a, idle 30 hours, warned by the policy. */
export const warnedGrant: IdleGrant = {
  ...base,
  requestId: '0b6f8a52-1f7e-4c1c-9d1a-3e2f4c5d6e7f',
  team: 'group:default/ml-platform',
  entityRef: 'component:default/assistant-api',
  cluster: 'gpu-a',
  namespace: 'gpu-ml-platform-0b6f8a52',
  gpuClass: 'h100',
  count: 2,
  idleHours: 30,
  idle: true,
  hourlyRate: '4.50',
  idleCostPerDay: '216.00',
  idleCost: '270.00',
  warnedAt: '2026-11-22T02:00:00Z',
  releaseAt: '2026-11-23T02:00:00Z',
};

/** research's three MIG slices on gpu-b, kept by their owner. */
export const keptGrant: IdleGrant = {
  ...base,
  requestId: '1c7a9b63-2a8f-4d2d-8e2b-4f3a5d6e7f80',
  team: 'group:default/research',
  cluster: 'gpu-b',
  namespace: 'gpu-research-1c7a9b63',
  gpuClass: 'a100',
  migProfile: '1g.10gb',
  count: 3,
  idleHours: 12.25,
  idle: true,
  hourlyRate: '0.60',
  idleCostPerDay: '43.20',
  idleCost: '22.05',
  keptUntil: '2099-01-01T00:00:00Z',
  keptBy: 'user:default/bob',
};

/** A busy grant of the vision team, whose usage is read. */
export const busyGrant: IdleGrant = {
  ...base,
  requestId: '2d8b0c74-3b9a-4e3e-9f3c-5a4b6e7f8091',
  team: 'group:default/vision',
  cluster: 'gpu-a',
  namespace: 'gpu-vision-2d8b0c74',
  gpuClass: 'h100',
  count: 1,
  lastBusyAt: '2026-11-22T07:55:00Z',
  idleSince: '2026-11-22T07:55:00Z',
  idleHours: 0,
  idle: false,
  hourlyRate: '4.50',
  idleCostPerDay: '0.00',
  idleCost: '0.00',
};

/** The grants with the idle policy off (its default). */
export const idleGrantList: IdleGrantList = {
  items: [warnedGrant, keptGrant, busyGrant],
  policy: { enabled: false, dryRun: true, idleHours: 24, graceHours: 24 },
  errors: [{ cluster: 'gpu-c', message: 'Prometheus query timed out' }],
};

/** What the policy would do now over those grants. */
export const idlePolicyReport: IdlePolicyReport = {
  generatedAt: '2026-11-22T08:00:00Z',
  policy: idleGrantList.policy,
  warn: [
    {
      ...warnedGrant,
      requestId: '3e9c1d85-4cab-4f4f-8a4d-6b5c7f809102',
      team: 'group:default/nlp',
      namespace: 'gpu-nlp-3e9c1d85',
      count: 4,
      idleHours: 26,
      idleCostPerDay: '432.00',
      idleCost: '468.00',
      warnedAt: undefined,
      releaseAt: '2026-11-23T08:00:00Z',
    },
  ],
  release: [warnedGrant],
  kept: [keptGrant],
  savingPerDay: '216.00',
  savingPerDayAfterGrace: '648.00',
  errors: [],
};

/** The GPU classes, for their display names. */
export const gpuClasses: GpuClassesResponse = {
  classes: [
    {
      id: 'h100',
      displayName: 'H100 80GB',
      memoryMiB: 81920,
      hourlyRate: 4.5,
      migProfiles: [],
      clusters: ['gpu-a'],
    },
  ],
  policy: {
    maxDurationHours: 720,
    approvalThresholdGpuHours: 200,
    clusterDataClassifications: {},
  },
};

/** The warned grant as a request, after it was shrunk to one GPU. */
export const shrunkRequest: GpuRequest = {
  id: warnedGrant.requestId,
  team: warnedGrant.team,
  cluster: warnedGrant.cluster,
  gpuClass: warnedGrant.gpuClass,
  count: 1,
  durationHours: 168,
  purpose: 'inference',
  dataClassification: 'internal',
  justification: 'Serve the assistant',
  status: 'active',
  requestedBy: warnedGrant.requestedBy,
  createdAt: warnedGrant.activeSince,
  updatedAt: '2026-11-22T08:00:00Z',
  gpuHours: 168,
  estimatedCost: 756,
  requiresApproval: false,
  namespace: warnedGrant.namespace,
  activeSince: warnedGrant.activeSince,
  expiresAt: warnedGrant.expiresAt,
};
