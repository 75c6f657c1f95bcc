import { ServingServer } from '../serving/types';

/**
 * The demo fleet's shared-llm-inference server over one day: 2 replicas × 2
 * H100s (96 GPU-hours), called through the gateway by assistant-api
 * (conversational-ai) 45 %, search-ranker-training (search-relevance) 25 %,
 * an unknown caller 15 %, and 15 % with no caller; prefill a quarter of
 * the GPU time. Plus a MIG server of assistant-api nobody calls.
 */
export function demoServingServers(): ServingServer[] {
  const inputTokens = 120_000_000;
  const outputTokens = 30_000_000;
  const share = (p: number) => ({
    inputTokens: inputTokens * p,
    outputTokens: outputTokens * p,
  });
  return [
    {
      cluster: 'gpu-prod',
      namespace: 'ml-platform',
      serverAddress: 'shared-llm-inference.ml-platform.svc',
      models: ['meta-llama/Llama-3.1-70B-Instruct'],
      entityRef: 'component:default/shared-llm-inference',
      ownerRef: 'group:default/ml-platform',
      totals: {
        inputTokens,
        outputTokens,
        prefillSeconds: 3600,
        decodeSeconds: 10800,
        gpuUtilisation: { mean: 50, max: 90 },
        gpuHours: [
          {
            cluster: 'gpu-prod',
            gpuClass: 'h100',
            migProfile: null,
            modelName: 'meta-llama/Llama-3.1-70B-Instruct',
            hours: 96,
          },
        ],
      },
      consumers: [
        {
          caller: 'assistant-api',
          entityRef: 'component:default/assistant-api',
          ownerRef: 'group:default/conversational-ai',
          ...share(0.45),
        },
        {
          caller: 'search-ranker-training',
          entityRef: 'component:default/search-ranker-training',
          ownerRef: 'group:default/search-relevance',
          ...share(0.25),
        },
        { caller: 'someone-else', ...share(0.15) },
      ],
      unattributed: share(0.15),
    },
    {
      cluster: 'gpu-prod',
      namespace: 'conversational-ai',
      serverAddress: 'assistant-api.conversational-ai.svc',
      models: ['mistralai/Mistral-7B-Instruct-v0.3'],
      entityRef: 'component:default/assistant-api',
      ownerRef: 'group:default/conversational-ai',
      totals: {
        inputTokens: 0,
        outputTokens: 0,
        prefillSeconds: 0,
        decodeSeconds: 0,
        gpuUtilisation: { mean: null, max: null },
        gpuHours: [
          {
            cluster: 'gpu-prod',
            gpuClass: 'h100',
            migProfile: '3g.40gb',
            modelName: 'mistralai/Mistral-7B-Instruct-v0.3',
            hours: 48,
          },
        ],
      },
      consumers: [],
      unattributed: { inputTokens: 0, outputTokens: 0 },
    },
  ];
}

/** The demo rate card's H100 line. */
export const demoRateCard = {
  currency: 'USD',
  rates: [
    {
      cluster: '*',
      gpuClass: 'h100',
      hourlyRate: 4.5,
      effectiveFrom: '2025-01-01',
    },
  ],
};
