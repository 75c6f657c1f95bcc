import { Entity } from '@backstage/catalog-model';

export const gpuClasses = [
  { id: 'h100', displayName: 'NVIDIA H100 80GB', memoryMiB: 81559 },
  { id: 'l40s', displayName: 'NVIDIA L40S', memoryMiB: 46068 },
];

export const llama: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'llama-3-1-8b-instruct',
    namespace: 'default',
    title: 'Llama 3.1 8B Instruct',
    description: 'Chat model',
    annotations: {
      'ai-platform.io/model-card': '../model-cards/llama.md',
      'ai-platform.io/data-classification': 'public',
    },
  },
  spec: {
    type: 'ai-model',
    owner: 'group:default/ml-platform',
    lifecycle: 'production',
    model: {
      task: 'text-generation',
      license: 'llama3.1',
      parameters: 8030000000,
      precision: 'bf16',
      fitsOn: ['h100', 'l40s'],
      versions: [
        { version: '2', aliases: ['champion'], stage: 'Production' },
        { version: '1', stage: 'Archived' },
      ],
    },
  },
  relations: [
    {
      type: 'dependencyOf',
      targetRef: 'component:default/llama-server-ml-platform-gpu-prod',
    },
    { type: 'dependencyOf', targetRef: 'resource:default/support-assistant' },
  ],
};

export const embedder: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'bge-large-en-v1-5',
    namespace: 'default',
    title: 'BGE Large EN',
  },
  spec: {
    type: 'ai-model',
    owner: 'group:default/search-relevance',
    lifecycle: 'experimental',
    model: {
      task: 'feature-extraction',
      license: 'mit',
      parameters: 335000000,
      fitsOn: ['l40s'],
    },
  },
};

export const server: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'llama-server-ml-platform-gpu-prod',
    namespace: 'default',
    title: 'llama-server (gpu-prod)',
    annotations: {
      'ai-platform.io/kubernetes-cluster': 'gpu-prod',
      'backstage.io/kubernetes-namespace': 'ml-platform',
    },
    links: [{ url: 'http://llama.ml-platform.example.com' }],
  },
  spec: {
    type: 'model-server',
    owner: 'group:default/ml-platform',
    lifecycle: 'production',
  },
};
