import type { ServingUsage } from '@ai-platform/plugin-gpu-metrics-common';
import type { ServingCosts } from '@ai-platform/plugin-cost-common';

const T0 = Date.parse('2026-12-04T04:00:00Z') / 1000;

/** What shared-llm-inference served in the demo over 24 hours. */
export const sharedLlmServing: ServingUsage = {
  entityRef: 'component:default/llama-server-ml-platform-gpu-prod',
  window: '24h',
  stepSeconds: 600,
  servers: [
    {
      cluster: 'gpu-prod',
      namespace: 'ml-platform',
      serverAddress: 'llama-3-1-70b-instruct.ml-platform.svc',
      models: ['meta-llama/Llama-3.1-70B-Instruct'],
      pods: ['llama-0', 'llama-1'],
      gpus: 4,
    },
  ],
  totals: {
    requests: 86400,
    inputTokens: 120_000_000,
    outputTokens: 30_000_000,
    prefillSeconds: 12_000,
    decodeSeconds: 48_000,
    promptTokensPerSecond: 1388.9,
    generationTokensPerSecond: 347.2,
    requestsPerSecond: 1,
    ttftSeconds: { p50: 0.182, p95: 0.64 },
    e2eSeconds: { p50: 2.4, p95: 7.25 },
    gpuUtilisation: { mean: 61.3, max: 97 },
    gpuMemoryUsedMiB: { mean: 66_560, max: 79_872 },
    gpuHours: [
      {
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        migProfile: null,
        modelName: 'NVIDIA H100 80GB HBM3',
        hours: 96,
      },
    ],
  },
  series: [0, 1, 2].map(i => ({
    t: T0 + i * 600,
    promptTokensPerSecond: 1000 + i * 100,
    generationTokensPerSecond: 300 + i * 10,
    requestsPerSecond: 1 + i * 0.5,
    ttftP95Seconds: i === 0 ? null : 0.5 + i * 0.1,
    e2eP95Seconds: i === 0 ? null : 6 + i,
    utilisation: 50 + i * 10,
  })),
  consumers: [
    {
      caller: 'support-assistant',
      entityRef: 'component:default/support-assistant',
      ownerRef: 'group:default/customer-care',
      inputTokens: 60_000_000,
      outputTokens: 15_000_000,
    },
    {
      caller: 'batch-tagger',
      inputTokens: 30_000_000,
      outputTokens: 7_500_000,
    },
  ],
  unattributed: { inputTokens: 30_000_000, outputTokens: 7_500_000 },
  errors: [],
};

/** An entity with no serving pods: no servers and zeros. */
export const noServing: ServingUsage = {
  ...sharedLlmServing,
  servers: [],
  totals: {
    ...sharedLlmServing.totals,
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    gpuHours: [],
  },
  series: [],
  consumers: [],
  unattributed: { inputTokens: 0, outputTokens: 0 },
  errors: [{ cluster: 'gpu-dev', message: 'Prometheus did not answer' }],
};

/** What the same server cost over 24 hours, with the callers' shares. */
export const sharedLlmCosts: ServingCosts = {
  entityRef: 'component:default/llama-server-ml-platform-gpu-prod',
  window: '24h',
  currency: 'USD',
  gpuCost: '432.000000000',
  usedGpuCost: '264.816000000',
  inputTokens: 120_000_000,
  outputTokens: 30_000_000,
  costPerMillionInputTokens: '0.720000000',
  costPerMillionOutputTokens: '11.520000000',
  method:
    'GPU cost of the serving pods (96 GPU-hours at the rate card) split between input and output tokens by prefill and decode time (20% / 80%), then among callers by their tokens.',
  consumersVisible: true,
  consumers: [
    {
      caller: 'support-assistant',
      entityRef: 'component:default/support-assistant',
      ownerRef: 'group:default/customer-care',
      inputTokens: 60_000_000,
      outputTokens: 15_000_000,
      cost: '259.200000000',
    },
    {
      caller: 'batch-tagger',
      inputTokens: 30_000_000,
      outputTokens: 7_500_000,
      cost: '86.400000000',
    },
  ],
  unattributed: {
    inputTokens: 30_000_000,
    outputTokens: 7_500_000,
    cost: '86.400000000',
  },
  errors: [],
};
