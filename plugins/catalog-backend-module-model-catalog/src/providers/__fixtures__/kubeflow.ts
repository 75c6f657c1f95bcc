/**
 * Kubeflow Model Registry REST API (v1alpha3) responses, shaped as its
 * OpenAPI document defines them: `RegisteredModelList`, `ModelVersionList`
 * and `ModelArtifactList` (`items`, `nextPageToken`, `pageSize`, `size`),
 * ids as strings, epochs as strings in milliseconds, `customProperties` as
 * typed `MetadataValue`s.
 */
const str = (value: string) => ({
  string_value: value,
  metadataType: 'MetadataStringValue',
});
const int = (value: string) => ({
  int_value: value,
  metadataType: 'MetadataIntValue',
});

export const kubeflowRegisteredModels = [
  {
    id: '1',
    name: 'mistral-7b-instruct',
    description: 'Mistral 7B Instruct v0.3',
    owner: 'group:default/ml-platform',
    state: 'LIVE',
    externalId: 'mistral-7b',
    createTimeSinceEpoch: '1716508800000',
    lastUpdateTimeSinceEpoch: '1716508800000',
    customProperties: {
      task: str('text-generation'),
      parameters: int('7248023552'),
      license: str('apache-2.0'),
      context_length: int('32768'),
    },
  },
  {
    id: '2',
    name: 'legacy-sentiment',
    description: 'An archived sentiment classifier',
    owner: 'Sherlock Holmes',
    state: 'ARCHIVED',
    createTimeSinceEpoch: '1609459200000',
    lastUpdateTimeSinceEpoch: '1640995200000',
    customProperties: {
      task: str('text-classification'),
      context_length: str('a lot'),
    },
  },
];

export const kubeflowVersions: Record<string, unknown[]> = {
  '1': [
    {
      id: '11',
      name: 'v0.3',
      registeredModelId: '1',
      state: 'LIVE',
      author: 'ml-platform',
      createTimeSinceEpoch: '1716508800000',
      lastUpdateTimeSinceEpoch: '1716508800000',
      customProperties: { aliases: str('production') },
    },
  ],
  '2': [
    {
      id: '21',
      name: '1.0.0',
      registeredModelId: '2',
      state: 'ARCHIVED',
      createTimeSinceEpoch: '1609459200000',
    },
  ],
};

export const kubeflowArtifacts: Record<string, unknown[]> = {
  '11': [
    {
      artifactType: 'model-artifact',
      id: '111',
      name: 'mistral-7b-instruct-v0.3',
      uri: 'hf://mistralai/Mistral-7B-Instruct-v0.3',
      modelFormatName: 'vllm',
      modelFormatVersion: '1',
      state: 'LIVE',
    },
  ],
  '21': [
    {
      artifactType: 'model-artifact',
      id: '211',
      name: 'sentiment',
      uri: 's3://models/sentiment/1.0.0',
      modelFormatName: 'onnx',
    },
  ],
};
