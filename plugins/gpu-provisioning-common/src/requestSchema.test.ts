import { describeIssues, gpuRequestInputSchema } from './requestSchema';

const valid = {
  team: 'group:default/conversational-ai',
  entityRef: 'component:default/assistant-api',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 2,
  durationHours: 48,
  purpose: 'fine-tuning',
  dataClassification: 'confidential',
  justification: 'LoRA fine-tuning of the assistant on support transcripts',
};

describe('gpuRequestInputSchema', () => {
  it('accepts a complete request', () => {
    expect(gpuRequestInputSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    [{ count: 0 }, 'count', 'must be at least 1'],
    [{ count: 1.5 }, 'count', 'must be a whole number'],
    [{ count: '2' }, 'count', 'must be a number'],
    [{ team: 'user:default/guest' }, 'team', 'must be a group entity ref'],
    [
      { entityRef: 'api:default/x' },
      'entityRef',
      'must refer to a Component or a System',
    ],
    [
      { purpose: 'mining' },
      'purpose',
      'must be one of training, fine-tuning, inference, notebook',
    ],
    [{ dataClassification: 'secret' }, 'dataClassification', 'must be one of'],
    [{ justification: 'gpus' }, 'justification', 'at least 10 characters'],
    [{ migProfile: '1g' }, 'migProfile', 'must be a MIG profile'],
    [{ durationHours: 0 }, 'durationHours', 'must be at least 1 hour'],
    [{ extra: true }, 'extra', 'unknown field'],
  ])('names the field of a bad value %j', (change, field, message) => {
    const result = gpuRequestInputSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const issues = describeIssues(result.error!);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field,
          message: expect.stringContaining(message),
        }),
      ]),
    );
  });
});
