import { slowInputs } from '@ai-platform/test-utils-common';
import { validateModelMetadata } from './modelMetadataSchema';

describe('model metadata validation', () => {
  it.each([
    'license',
    'baseModel',
    'parameters',
    'precision',
    'contextLength',
    'framework',
    'quantization',
    'intendedUse',
    'trainingDataClassification',
    'task',
  ])('checks a 10,000-character hostile %s in under 50 ms', field => {
    expect(
      slowInputs(input => validateModelMetadata({ [field]: input })),
    ).toEqual([]);
  });
});
