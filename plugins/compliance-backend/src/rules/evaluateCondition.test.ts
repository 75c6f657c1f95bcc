import { RuleCondition } from '@ai-platform/plugin-compliance-common';
import { evaluateCondition, factsOf } from './evaluateCondition';

const facts: Record<string, unknown> = {
  'catalog.lifecycle': 'production',
  'catalog.hasDescription': true,
  'k8s.namespaces': ['gpu-prod/search'],
  'k8s.disallowedImages': [],
  'grants.count': 2,
};
const lookup = (name: string) => facts[name];

describe('evaluateCondition', () => {
  it.each<[RuleCondition, boolean]>([
    [
      { fact: 'catalog.lifecycle', operator: 'equal', value: 'production' },
      true,
    ],
    [
      { fact: 'catalog.lifecycle', operator: 'notEqual', value: 'production' },
      false,
    ],
    [
      {
        fact: 'catalog.lifecycle',
        operator: 'in',
        value: ['experimental', 'production'],
      },
      true,
    ],
    [
      { fact: 'catalog.lifecycle', operator: 'notIn', value: ['production'] },
      false,
    ],
    [
      {
        fact: 'k8s.namespaces',
        operator: 'contains',
        value: 'gpu-prod/search',
      },
      true,
    ],
    [{ fact: 'k8s.namespaces', operator: 'doesNotContain', value: 'x' }, true],
    [{ fact: 'grants.count', operator: 'greaterThan', value: 1 }, true],
    [{ fact: 'grants.count', operator: 'lessThan', value: 2 }, false],
    [{ fact: 'grants.count', operator: 'lessThanInclusive', value: 2 }, true],
    [
      { fact: 'grants.count', operator: 'greaterThanInclusive', value: 3 },
      false,
    ],
    [{ fact: 'grants.count', operator: 'greaterThan', value: '1' }, false],
    [{ fact: 'catalog.system', operator: 'exists' }, false],
    [{ fact: 'catalog.system', operator: 'notExists' }, true],
    [{ fact: 'k8s.disallowedImages', operator: 'isEmpty' }, true],
    [{ fact: 'k8s.namespaces', operator: 'isNotEmpty' }, true],
    [{ fact: 'catalog.lifecycle', operator: 'matches', value: '^prod' }, true],
    [
      {
        all: [
          { fact: 'catalog.hasDescription', operator: 'equal', value: true },
          { not: { fact: 'grants.count', operator: 'equal', value: 0 } },
        ],
      },
      true,
    ],
    [
      {
        any: [
          { fact: 'catalog.hasDescription', operator: 'equal', value: false },
          { fact: 'grants.count', operator: 'equal', value: 0 },
        ],
      },
      false,
    ],
  ])('evaluates %j to %s', (condition, expected) => {
    expect(evaluateCondition(condition, lookup)).toBe(expected);
  });

  it('lists the facts a condition reads', () => {
    expect([
      ...factsOf({
        all: [
          { fact: 'a', operator: 'exists' },
          {
            any: [
              { not: { fact: 'b', operator: 'isEmpty' } },
              { fact: 'a', operator: 'exists' },
            ],
          },
        ],
      }),
    ]).toEqual(['a', 'b']);
  });
});
