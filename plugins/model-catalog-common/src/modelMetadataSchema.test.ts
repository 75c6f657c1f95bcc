import { validateModelMetadata } from './modelMetadataSchema';

describe('validateModelMetadata', () => {
  it('accepts complete metadata', () => {
    const result = validateModelMetadata({
      task: 'text-generation',
      parameters: 8030000000,
      precision: 'bf16',
      license: 'llama3.1',
      baseModel: 'resource:default/llama-3-1-8b-instruct',
      evaluations: [{ name: 'MMLU', metric: 'accuracy', value: 0.69 }],
      versions: [
        {
          version: '3',
          aliases: ['champion'],
          createdAt: '2024-07-23T00:00:00Z',
        },
      ],
      gpuMemoryGiB: { bf16: 17.9 },
      fitsOn: ['l40s'],
    });
    expect(result.ok).toBe(true);
  });

  it('names every bad field', () => {
    const result = validateModelMetadata({
      parameters: 'eight billion',
      precision: 'fp12',
      baseModel: 'not a ref:',
      versions: [{ aliases: [] }],
      paramters: 1,
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.join('\n')).toMatch(/spec\.model\.parameters/);
    expect(errors.join('\n')).toMatch(/spec\.model\.precision/);
    expect(errors.join('\n')).toMatch(/spec\.model\.baseModel/);
    expect(errors.join('\n')).toMatch(/spec\.model\.versions\.0\.version/);
    expect(errors.join('\n')).toMatch(/paramters/);
  });
});
