import { ComplianceCheck } from '@ai-platform/plugin-compliance-common';
import { assertFactsHaveRetrievers } from './assertFactsHaveRetrievers';

function check(id: string, facts: string[]): ComplianceCheck {
  return {
    id,
    title: id,
    severity: 'medium',
    appliesTo: {},
    when: { fact: facts[0], operator: 'exists' },
    condition: {
      all: facts.slice(1).map(fact => ({ not: { fact, operator: 'isEmpty' } })),
    },
  } as unknown as ComplianceCheck;
}

describe('assertFactsHaveRetrievers', () => {
  it('accepts facts of built-in and added retrievers, even a built-in one switched off', () => {
    expect(() =>
      assertFactsHaveRetrievers(
        [check('a', ['catalog.owner', 'grants.active', 'vault.sealed'])],
        ['catalog', 'k8s', 'vault'],
      ),
    ).not.toThrow();
  });

  it('refuses a check reading a fact no retriever gives, naming the check and the fact', () => {
    expect(() =>
      assertFactsHaveRetrievers(
        [check('secrets-sealed', ['catalog.owner', 'valut.sealed'])],
        ['catalog', 'vault'],
      ),
    ).toThrow(
      "Compliance check 'secrets-sealed' reads fact 'valut.sealed', but no fact retriever has the id 'valut'",
    );
  });
});
