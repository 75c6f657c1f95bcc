import { Entity } from '@backstage/catalog-model';

/** The part of the demo catalog the templates read: teams, a system, models and a model endpoint. */
export const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'guest' },
    spec: {
      profile: { displayName: 'Guest Developer', email: 'guest@acme.example' },
      memberOf: ['conversational-ai', 'ml-platform'],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'conversational-ai' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'model-serving' },
    spec: { owner: 'ml-platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'llama-3-1-8b-instruct',
      title: 'meta-llama/Llama-3.1-8B-Instruct',
      annotations: { 'ai-platform.io/data-classification': 'public' },
    },
    spec: {
      type: 'ai-model',
      owner: 'ml-platform',
      model: {
        task: 'text-generation',
        versions: [
          {
            version: '1',
            artifactUri: 'hf://meta-llama/Llama-3.1-8B-Instruct',
          },
        ],
      },
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'mistral-7b-instruct' },
    spec: { type: 'ai-model', owner: 'ml-platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: 'assistant-llm-api',
      annotations: {
        'ai-platform.io/endpoint-url':
          'http://assistant-llm.gpu-conversational-ai-assistant-llm-1a2b3c4d.svc.cluster.local/openai/v1',
      },
    },
    spec: {
      type: 'ai-model-server',
      lifecycle: 'experimental',
      owner: 'conversational-ai',
      definition: 'openapi: 3.0.3',
    },
  },
];
