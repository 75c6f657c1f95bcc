import { slowInputs } from '@ai-platform/test-utils-common';
import { DNS_LABEL, LABEL_VALUE } from './facts/KubernetesFactRetriever';
import { fullRef } from './facts/entityRefs';
import { conditionSchema } from './frameworks/schemas';
import { evaluateCondition } from './rules/evaluateCondition';
import { superLinearReason } from './rules/superLinearReason';

describe('compliance validators over catalog and config input', () => {
  it.each([
    ['kubernetes-id annotations', (s: string) => LABEL_VALUE.test(s)],
    ['kubernetes-namespace annotations', (s: string) => DNS_LABEL.test(s)],
    [
      'entity refs (owner, system, base model)',
      (s: string) =>
        fullRef(s, { defaultKind: 'group', defaultNamespace: 'default' }),
    ],
    ['matches patterns', (s: string) => superLinearReason(s)],
    [
      'check conditions',
      (s: string) => conditionSchema.safeParse({ fact: s, operator: 'equal' }),
    ],
    [
      'an accepted matches pattern over facts',
      (s: string) =>
        evaluateCondition(
          {
            fact: 'k8s.images',
            operator: 'matches',
            value: '^[a-z0-9./-]+:[\\w.-]+$',
          },
          () => s,
        ),
    ],
  ])('%s take under 50 ms on 10,000 hostile characters', (_name, validate) => {
    expect(slowInputs(validate)).toEqual([]);
  });
});
