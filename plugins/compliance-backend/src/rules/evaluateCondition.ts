import { RuleCondition } from '@ai-platform/plugin-compliance-common';

/** Reads a fact by name; `undefined` when it was not gathered. */
export type FactLookup = (name: string) => unknown;

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value) || typeof value === 'string')
    return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function compare(
  actual: unknown,
  expected: unknown,
  test: (a: number, b: number) => boolean,
): boolean {
  return (
    typeof actual === 'number' &&
    typeof expected === 'number' &&
    test(actual, expected)
  );
}

const regexCache = new Map<string, RegExp>();

function matches(actual: unknown, pattern: unknown): boolean {
  if (typeof actual !== 'string' || typeof pattern !== 'string') return false;
  let regex = regexCache.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern);
    regexCache.set(pattern, regex);
  }
  return regex.test(actual);
}

/**
 * Evaluates a condition of the rule language (json-rules-engine's `all`,
 * `any`, `not` and `{ fact, operator, value }` shape) synchronously against
 * facts. Operators are type-strict: comparing a string with a number is false.
 */
export function evaluateCondition(
  condition: RuleCondition,
  facts: FactLookup,
): boolean {
  if ('all' in condition)
    return condition.all.every(c => evaluateCondition(c, facts));
  if ('any' in condition)
    return condition.any.some(c => evaluateCondition(c, facts));
  if ('not' in condition) return !evaluateCondition(condition.not, facts);
  const actual = facts(condition.fact);
  const expected = condition.value;
  switch (condition.operator) {
    case 'equal':
      return actual === expected;
    case 'notEqual':
      return actual !== expected;
    case 'in':
      return Array.isArray(expected) && expected.includes(actual);
    case 'notIn':
      return Array.isArray(expected) && !expected.includes(actual);
    case 'contains':
      return Array.isArray(actual) && actual.includes(expected);
    case 'doesNotContain':
      return Array.isArray(actual) && !actual.includes(expected);
    case 'lessThan':
      return compare(actual, expected, (a, b) => a < b);
    case 'lessThanInclusive':
      return compare(actual, expected, (a, b) => a <= b);
    case 'greaterThan':
      return compare(actual, expected, (a, b) => a > b);
    case 'greaterThanInclusive':
      return compare(actual, expected, (a, b) => a >= b);
    case 'exists':
      return actual !== undefined && actual !== null && actual !== '';
    case 'notExists':
      return actual === undefined || actual === null || actual === '';
    case 'isEmpty':
      return isEmpty(actual);
    case 'isNotEmpty':
      return !isEmpty(actual);
    case 'matches':
      return matches(actual, expected);
    default:
      throw new Error(
        `Unknown operator '${(condition as { operator: string }).operator}'`,
      );
  }
}

/** The fact names a condition reads, in order of first use. */
export function factsOf(condition: RuleCondition, into = new Set<string>()) {
  if ('all' in condition) condition.all.forEach(c => factsOf(c, into));
  else if ('any' in condition) condition.any.forEach(c => factsOf(c, into));
  else if ('not' in condition) factsOf(condition.not, into);
  else into.add(condition.fact);
  return into;
}
