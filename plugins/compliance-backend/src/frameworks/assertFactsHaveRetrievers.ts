import {
  ComplianceCheck,
  RuleCondition,
} from '@ai-platform/plugin-compliance-common';
import { FACT_NAMESPACES } from './schemas';

function factsOf(condition: RuleCondition | undefined): string[] {
  if (!condition) return [];
  if ('all' in condition) return condition.all.flatMap(factsOf);
  if ('any' in condition) return condition.any.flatMap(factsOf);
  if ('not' in condition) return factsOf(condition.not);
  return [condition.fact];
}

/**
 * Refuses checks whose facts come from no retriever: a fact is
 * `<retriever id>.<name>`, and a misspelt or missing retriever would
 * otherwise leave the check silently unevaluated. The built-in retrievers
 * count even when switched off (their checks are skipped, as configured).
 */
export function assertFactsHaveRetrievers(
  checks: ComplianceCheck[],
  retrieverIds: string[],
): void {
  const known = new Set<string>([...FACT_NAMESPACES, ...retrieverIds]);
  for (const check of checks) {
    for (const fact of [...factsOf(check.when), ...factsOf(check.condition)]) {
      const retriever = fact.slice(0, fact.indexOf('.'));
      if (!known.has(retriever)) {
        throw new Error(
          `Compliance check '${check.id}' reads fact '${fact}', but no fact retriever has the id '${retriever}'`,
        );
      }
    }
  }
}
