import { Entity } from '@backstage/catalog-model';
import { ModelFactRetriever } from './ModelFactRetriever';

const context = {
  groups: new Map(),
  knownRefs: new Set(['resource:default/llama-3-1-8b-instruct']),
  now: new Date('2026-11-22T06:00:00.000Z'),
};

function model(
  name: string,
  spec: object,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'ai-model', owner: 'ml-platform', ...spec },
  };
}

describe('ModelFactRetriever', () => {
  const retriever = ModelFactRetriever.create({
    allowedLicenses: ['Apache-2.0', 'llama3.1'],
  });

  it('records card, licence, lineage, evaluations and classification of a fine-tune', async () => {
    const facts = await retriever.retrieve(
      [
        model(
          'support-assistant',
          {
            dependsOn: ['resource:llama-3-1-8b-instruct'],
            model: {
              license: 'Llama3.1',
              baseModel: 'resource:default/llama-3-1-8b-instruct',
              trainingDataClassification: 'confidential',
              evaluations: [
                {
                  name: 'mt-bench',
                  dataset: 'mt-bench',
                  metric: 'score',
                  value: 8.1,
                },
              ],
            },
          },
          {
            'ai-platform.io/data-classification': 'confidential',
            'ai-platform.io/model-card': '../model-cards/support-assistant.md',
          },
        ),
      ],
      context,
    );
    expect(facts.get('resource:default/support-assistant')!.values).toEqual({
      'models.isModel': true,
      'models.hasModelCard': true,
      'models.modelCard': '../model-cards/support-assistant.md',
      'models.license': 'Llama3.1',
      'models.licenseAllowed': true,
      'models.baseModel': 'resource:default/llama-3-1-8b-instruct',
      'models.lineageRecorded': true,
      'models.evaluationCount': 1,
      'models.dataClassification': 'confidential',
      'models.trainingDataClassification': 'confidential',
      'models.classificationConsistent': true,
    });
  });

  it('flags a model classified below its training data, an unknown licence and missing lineage', async () => {
    const facts = await retriever.retrieve(
      [
        model(
          'leaky',
          {
            model: {
              license: 'Proprietary',
              baseModel: 'resource:default/not-in-catalog',
              trainingDataClassification: 'restricted',
            },
          },
          { 'ai-platform.io/data-classification': 'internal' },
        ),
      ],
      context,
    );
    expect(facts.get('resource:default/leaky')!.values).toEqual(
      expect.objectContaining({
        'models.hasModelCard': false,
        'models.licenseAllowed': false,
        'models.lineageRecorded': false,
        'models.evaluationCount': 0,
        'models.classificationConsistent': false,
      }),
    );
  });

  it('says a component is not a model', async () => {
    const facts = await retriever.retrieve(
      [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'x' },
          spec: {},
        },
      ],
      context,
    );
    expect(facts.get('component:default/x')!.values).toEqual({
      'models.isModel': false,
    });
  });
});
