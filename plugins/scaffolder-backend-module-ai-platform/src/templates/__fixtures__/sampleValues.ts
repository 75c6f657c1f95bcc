/** Form values, as JSON. */
type JsonObject = Record<string, any>;

const project = (name: string): JsonObject => ({
  name,
  description: `Sample ${name} from the template tests`,
  owner: 'group:default/conversational-ai',
  system: 'system:default/model-serving',
  costCenter: 'CC-1300',
  dataClassification: 'confidential',
  publishTo: 'local',
});

const gpu = (count: number, extra: JsonObject = {}): JsonObject => ({
  gpu: {
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    count,
    durationHours: 24,
    ...extra,
  },
  justification: 'Template test: a run of the golden path',
});

/** Form values a user could submit, per template. */
export const sampleValues: Record<string, JsonObject> = {
  'llm-inference-service': {
    ...project('assistant-llm'),
    ...gpu(2),
    model: 'resource:default/llama-3-1-8b-instruct',
    maxConcurrency: 16,
  },
  'gpu-training-job': {
    ...project('ranker-training'),
    ...gpu(4),
    epochs: 3,
    trackingUri: 'http://mlflow.mlops.svc:5000',
  },
  'fine-tuning-pipeline': {
    ...project('assistant-lora'),
    ...gpu(2),
    model: 'resource:default/mistral-7b-instruct',
    datasetUri: 's3://datasets/support-transcripts/',
    loraRank: 16,
  },
  'notebook-workspace': {
    ...project('embeddings-lab'),
    ...gpu(1, { migProfile: '1g.10gb' }),
    idleMinutes: 60,
  },
  'genai-application': {
    ...project('support-assistant'),
    modelApi: 'api:default/assistant-llm-api',
  },
};
