import {
  EntityUsage,
  FleetHeatmap,
  FleetUsage,
  GroupUsage,
  UsageSample,
} from '../api';

/** 2026-11-22T00:00:00Z, in Unix seconds. */
const START = 1795305600;
const HOUR = 3600;

const series: UsageSample[] = Array.from({ length: 24 }, (_, i) => ({
  t: START + i * HOUR,
  utilisation: i === 5 ? null : 20 + ((i * 7) % 60),
  memoryUsedMiB: i === 5 ? null : 30_000 + i * 1000,
}));

/** A Component holding two A100s, partly idle, with a right-sizing hint. */
export const entityUsage: EntityUsage = {
  entityRef: 'component:default/assistant-api',
  window: '24h',
  stepSeconds: HOUR,
  gpusHeld: 2,
  workloads: [
    {
      cluster: 'gpu-a',
      namespace: 'gpu-ml-platform-aaaaaaaa',
      pod: 'assistant-api-7d9f-abcde',
      gpus: 2,
    },
  ],
  utilisation: { mean: 41.5, max: 79 },
  memoryUsedMiB: { mean: 41_500, max: 53_000 },
  memoryTotalMiB: 163_840,
  smActive: { mean: 35.2 },
  powerWatts: { mean: 212 },
  xidErrors: 0,
  idleGpuHours: 12.5,
  series,
  rightsizing: {
    current: 'h100',
    recommended: 'h100/3g.40gb',
    reason:
      'Peak memory 30000 MiB (+10% headroom) fits h100/3g.40gb (40320 MiB) and peak utilisation 38% fits its compute',
    monthlySaving: 1460.5,
  },
  errors: [{ cluster: 'gpu-b', message: 'Prometheus query timed out' }],
};

/** A Component that holds no GPUs. */
export const emptyEntityUsage: EntityUsage = {
  ...entityUsage,
  entityRef: 'component:default/docs-site',
  gpusHeld: 0,
  workloads: [],
  utilisation: { mean: 0, max: 0 },
  memoryUsedMiB: { mean: 0, max: 0 },
  memoryTotalMiB: 0,
  smActive: null,
  powerWatts: { mean: 0 },
  idleGpuHours: 0,
  series: [],
  rightsizing: null,
  errors: [],
};

/** The usage of the ml-platform team across three entities. */
export const groupUsage: GroupUsage = {
  ...entityUsage,
  groupRef: 'group:default/ml-platform',
  gpusHeld: 7,
  idleGpuHours: 40,
  rightsizing: null,
  errors: [],
  entities: [
    {
      entityRef: 'component:default/assistant-api',
      gpusHeld: 2,
      utilisationMean: 41.5,
      idleGpuHours: 12.5,
    },
    {
      entityRef: 'component:default/trainer',
      gpusHeld: 4,
      utilisationMean: 22,
      idleGpuHours: 27.5,
    },
    {
      entityRef: 'system:default/search',
      gpusHeld: 1,
      utilisationMean: 88,
      idleGpuHours: 0,
    },
  ],
  entityErrors: [],
  truncated: null,
};

/** Two clusters, three idle GPUs, one cluster error. */
export const fleetUsage: FleetUsage = {
  clusters: [
    {
      cluster: 'gpu-a',
      modelName: 'NVIDIA A100-SXM4-80GB',
      gpus: 16,
      utilisation: { mean: 46.2, p50: 44, p90: 91 },
      histogram: [
        { from: 0, to: 10, count: 4 },
        { from: 10, to: 50, count: 5 },
        { from: 50, to: 90, count: 4 },
        { from: 90, to: 100, count: 3 },
      ],
    },
    {
      cluster: 'gpu-b',
      modelName: 'NVIDIA H100 80GB HBM3',
      gpus: 8,
      utilisation: { mean: 71, p50: 75, p90: 98 },
      histogram: [
        { from: 0, to: 10, count: 1 },
        { from: 10, to: 50, count: 1 },
        { from: 50, to: 90, count: 3 },
        { from: 90, to: 100, count: 3 },
      ],
    },
  ],
  idle: [
    {
      cluster: 'gpu-a',
      hostname: 'node-a1',
      gpu: '0',
      uuid: 'GPU-0a',
      modelName: 'NVIDIA A100-SXM4-80GB',
      namespace: 'gpu-ml-platform-aaaaaaaa',
      pod: 'notebook-0',
      entityRef: 'component:default/assistant-api',
      team: 'group:default/ml-platform',
      idleHours: 6,
      wastedGpuHours: 6,
    },
    {
      cluster: 'gpu-b',
      hostname: 'node-b2',
      gpu: '3',
      uuid: 'GPU-3b',
      modelName: 'NVIDIA H100 80GB HBM3',
      namespace: 'gpu-research-bbbbbbbb',
      pod: 'sweep-7',
      team: 'group:default/research',
      idleHours: 20,
      wastedGpuHours: 20,
    },
    {
      cluster: 'gpu-a',
      hostname: 'node-a2',
      gpu: '1',
      uuid: 'GPU-1a',
      modelName: 'NVIDIA A100-SXM4-80GB',
      namespace: 'scratch',
      pod: 'orphan-pod',
      idleHours: 11,
      wastedGpuHours: 11,
    },
  ],
  errors: [{ cluster: 'gpu-c', message: 'connect ECONNREFUSED' }],
};

/** Three nodes over six hourly buckets, the first page of 120. */
export const fleetHeatmap: FleetHeatmap = {
  start: START,
  end: START + 6 * HOUR,
  bucketSeconds: HOUR,
  rowKind: 'node',
  rows: [
    {
      cluster: 'gpu-a',
      hostname: 'node-a1',
      modelName: 'NVIDIA A100-SXM4-80GB',
      gpus: 8,
      mean: 1.25,
      values: [0, 0, 5, null, 0, 0.5],
    },
    {
      cluster: 'gpu-a',
      hostname: 'node-a2',
      modelName: 'NVIDIA A100-SXM4-80GB',
      gpus: 8,
      mean: 93.875,
      values: [90, 95, 99, 100, 87, 92],
    },
    {
      cluster: 'gpu-b',
      hostname: 'node-b2',
      modelName: 'NVIDIA H100 80GB HBM3',
      gpus: 4,
      mean: 45,
      values: [40, 50, 60, null, null, 30],
    },
  ],
  total: 120,
  offset: 0,
  limit: 50,
  errors: [],
};

/** The GPUs of node-a1 over the same buckets. */
export const nodeHeatmap: FleetHeatmap = {
  ...fleetHeatmap,
  rowKind: 'gpu',
  rows: [
    {
      cluster: 'gpu-a',
      hostname: 'node-a1',
      gpu: '0',
      modelName: 'NVIDIA A100-SXM4-80GB',
      gpus: 1,
      mean: 2.5,
      values: [0, 0, 10, null, 0, 1],
    },
    {
      cluster: 'gpu-a',
      hostname: 'node-a1',
      gpu: '1',
      modelName: 'NVIDIA A100-SXM4-80GB',
      gpus: 1,
      mean: 0,
      values: [0, 0, 0, null, 0, 0],
    },
  ],
  total: 2,
};

/** The JSON body of a 503 when Prometheus is down. */
export const unavailableBody = {
  error: {
    name: 'ServiceUnavailableError',
    message: 'Prometheus at http://prometheus:9090 is not reachable',
  },
  response: { statusCode: 503 },
};

/** What the backend answers when the caller may not read the usage. */
export const forbiddenBody = {
  error: {
    name: 'NotAllowedError',
    message:
      'You may not read the GPU usage of component:default/assistant-api: it is visible to the members of its owning team and of the groups above it, and to fleet viewers',
  },
  response: { statusCode: 403 },
};

/** What the backend answers for an entity with a malformed annotation. */
export const invalidAnnotationBody = {
  error: {
    name: 'InputError',
    message:
      "Annotation backstage.io/kubernetes-label-selector is not a valid label selector: Invalid label selector at position 4: label value 'x\"}' may only contain letters, digits, '-', '_' and '.'",
  },
  response: { statusCode: 400 },
};
