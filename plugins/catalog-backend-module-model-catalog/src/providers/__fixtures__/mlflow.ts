/**
 * MLflow Model Registry REST API 2.0 responses, shaped as MLflow's REST API
 * reference documents them (`RegisteredModel`, `ModelVersion`,
 * `RegisteredModelAlias`, `RegisteredModelTag`; timestamps in milliseconds,
 * versions as strings, stage `None` for unstaged versions).
 */
export const mlflowRegisteredModels = [
  {
    name: 'meta-llama/Llama-3.1-8B-Instruct',
    creation_timestamp: 1721692800000,
    last_updated_timestamp: 1724371200000,
    user_id: 'jane.doe@acme.example',
    description: 'Meta Llama 3.1 8B Instruct, mirrored for internal serving.',
    latest_versions: [
      {
        name: 'meta-llama/Llama-3.1-8B-Instruct',
        version: '2',
        creation_timestamp: 1724371200000,
        current_stage: 'Production',
        source: 's3://models/llama-3.1-8b-instruct/2',
        status: 'READY',
      },
    ],
    tags: [
      { key: 'owner', value: 'group:default/ml-platform' },
      { key: 'task', value: 'text-generation' },
      { key: 'parameters', value: '8030000000' },
      { key: 'precision', value: 'bf16' },
      { key: 'context_length', value: '131072' },
      { key: 'license', value: 'llama3.1' },
      { key: 'data_classification', value: 'public' },
      { key: 'tags', value: 'llm, Chat' },
    ],
    aliases: [{ alias: 'champion', version: '2' }],
  },
  {
    name: 'support-assistant-llama',
    creation_timestamp: 1727740800000,
    last_updated_timestamp: 1730419200000,
    user_id: 'sam.lee@acme.example',
    description: 'Llama 3.1 8B fine-tuned on support conversations.',
    tags: [
      { key: 'owner', value: 'group:default/conversational-ai' },
      { key: 'task', value: 'text-generation' },
      { key: 'parameters', value: '8030000000' },
      { key: 'base_model', value: 'meta-llama/Llama-3.1-8B-Instruct' },
      { key: 'datasets', value: 'support-tickets-2024, ultrachat_200k' },
      {
        key: 'evaluations',
        value: '[{"name":"Support QA","metric":"accuracy","value":0.87}]',
      },
      { key: 'training_data_classification', value: 'confidential' },
    ],
    aliases: [
      { alias: 'champion', version: '3' },
      { alias: 'challenger', version: '4' },
    ],
  },
  {
    name: 'fraud-detector',
    creation_timestamp: 1704067200000,
    last_updated_timestamp: 1704067200000,
    user_id: 'ops@acme.example',
    tags: [
      { key: 'task', value: 'tabular-classification' },
      { key: 'parameters', value: 'about two million' },
      { key: 'precision', value: 'fp12' },
    ],
  },
];

export const mlflowModelVersions = [
  {
    name: 'meta-llama/Llama-3.1-8B-Instruct',
    version: '1',
    creation_timestamp: 1721692800000,
    last_updated_timestamp: 1721692800000,
    current_stage: 'Archived',
    source: 's3://models/llama-3.1-8b-instruct/1',
    run_id: '',
    status: 'READY',
  },
  {
    name: 'meta-llama/Llama-3.1-8B-Instruct',
    version: '2',
    creation_timestamp: 1724371200000,
    last_updated_timestamp: 1724371200000,
    current_stage: 'Production',
    source: 's3://models/llama-3.1-8b-instruct/2',
    run_id: 'a1b2c3',
    status: 'READY',
    aliases: ['champion'],
  },
  {
    name: 'support-assistant-llama',
    version: '3',
    creation_timestamp: 1730419200000,
    current_stage: 'None',
    source: 'runs:/d4e5f6/model',
    status: 'READY',
    aliases: ['champion'],
  },
  {
    name: 'support-assistant-llama',
    version: '4',
    creation_timestamp: 1731628800000,
    current_stage: 'None',
    source: 'runs:/a7b8c9/model',
    status: 'READY',
    aliases: ['challenger'],
  },
];
