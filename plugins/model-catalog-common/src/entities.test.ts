import { deployTemplatePath, isModelEntity } from './entities';

const model = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'mistral-7b-instruct', namespace: 'default' },
  spec: { type: 'ai-model', owner: 'group:default/ml-platform' },
};

describe('entities', () => {
  it('recognises models', () => {
    expect(isModelEntity(model)).toBe(true);
    expect(isModelEntity({ ...model, spec: { type: 'database' } })).toBe(false);
    expect(isModelEntity({ ...model, kind: 'Component' })).toBe(false);
  });

  it('builds the deploy link with the model ref as form data', () => {
    const path = deployTemplatePath(model);
    expect(path).toBe(
      '/create/templates/default/llm-inference-service?formData=%7B%22model%22%3A%22resource%3Adefault%2Fmistral-7b-instruct%22%7D',
    );
    const formData = new URL(path, 'http://x').searchParams.get('formData');
    expect(JSON.parse(formData!)).toEqual({
      model: 'resource:default/mistral-7b-instruct',
    });
  });
});
