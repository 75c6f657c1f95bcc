import { slowInputs } from '@ai-platform/test-utils-common';
import { ModelCardReader } from './modelCards/ModelCardReader';
import { parseModelCard } from './modelCards/parseModelCard';
import {
  LOOKS_LIKE_REF,
  TAG,
  baseModelRef,
  buildModelEntity,
} from './providers/buildModelEntity';
import { toEntityName } from './providers/entityName';
import { publicError } from './providers/ModelSourceEntityProvider';
import { MODEL_NAME } from './router/createModelCardRouter';

const reader = ModelCardReader.create({
  urlReader: {
    readUrl: async () => {
      throw new Error('unused');
    },
    readTree: async () => {
      throw new Error('unused');
    },
    search: async () => {
      throw new Error('unused');
    },
  },
  localDirectories: [],
});

describe('model catalog validators over registry and catalog input', () => {
  it.each([
    ['entity names from registry names', (s: string) => toEntityName(s)],
    ['tags', (s: string) => TAG.test(s)],
    ['registry owners', (s: string) => LOOKS_LIKE_REF.test(s)],
    ['base model refs', (s: string) => baseModelRef(s, 'default')],
    [
      'registry models',
      (s: string) =>
        buildModelEntity(
          {
            name: s,
            properties: { tags: `${s},${s}`, owner: s, license: s },
            versions: [],
            registryOwner: s,
          },
          {
            namespace: 'default',
            defaultOwner: 'group:default/a',
            registryTitle: 'r',
          },
        ),
    ],
    ['model cards', (s: string) => parseModelCard(s)],
    [
      'model-card front matter',
      (s: string) => parseModelCard(`---\n${s}\n---\n# Card\n${s}`),
    ],
    [
      'model-card annotations',
      (s: string) =>
        reader.resolve({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: 'm',
            annotations: {
              'ai-platform.io/model-card': s,
              'backstage.io/managed-by-location':
                'url:https://example.com/a/b.yaml',
            },
          },
        }),
    ],
    ['model-card route segments', (s: string) => MODEL_NAME.test(s)],
    ['source errors', (s: string) => publicError('src', new Error(s))],
  ])('%s take under 50 ms on 10,000 hostile characters', (_name, validate) => {
    expect(slowInputs(validate)).toEqual([]);
  });
});
