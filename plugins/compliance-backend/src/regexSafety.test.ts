import { DNS_LABEL, LABEL_VALUE } from './facts/KubernetesFactRetriever';
import { fullRef } from './facts/entityRefs';
import { conditionSchema } from './frameworks/schemas';
import { evaluateCondition } from './rules/evaluateCondition';
import { superLinearReason } from './rules/superLinearReason';

/**
 * Strings of 10,000 characters built to make a backtracking regex blow up:
 * long runs of characters that classes and quantifiers overlap on, after
 * prefixes that get past the anchors, before a suffix that makes it fail.
 */
function attackStrings(): string[] {
  const pumps = [
    'a',
    '-',
    'a-',
    '-a',
    'a.',
    '.',
    '1',
    '1.',
    'a:',
    ':',
    '/',
    'a/',
    '_',
    ' ',
    '\\t',
    '#',
    '=',
    'e1',
    '+',
    'ab',
    '\\\\',
    'a b',
    '0-',
  ];
  const prefixes = [
    '',
    'group:default/',
    'component:',
    'P',
    '---\\n',
    'https://',
    'a',
    '1',
  ];
  const suffixes = ['', '!', '/', ':', '\\n', '\\u0000', '-', 'Z'];
  const out: string[] = [];
  for (const pump of pumps)
    for (const prefix of prefixes)
      for (const suffix of suffixes) {
        const body = pump.repeat(Math.ceil(10_000 / pump.length));
        out.push((prefix + body).slice(0, 10_000 - suffix.length) + suffix);
      }
  return out;
}

const ATTACKS = attackStrings();

/**
 * The attack strings `validate` takes 50 ms or more on (none, when linear).
 * Each input is timed as the best of three runs, so a garbage collection or
 * another test worker does not count: backtracking is slow every time.
 */
function slowInputs(
  validate: (input: string) => unknown,
): Array<{ input: string; ms: number }> {
  const slow: Array<{ input: string; ms: number }> = [];
  for (const input of ATTACKS) {
    let best = Infinity;
    for (let run = 0; run < 3 && best >= 50; run++) {
      const started = performance.now();
      try {
        validate(input);
      } catch {
        // Refusing is fine; taking long is not.
      }
      best = Math.min(best, performance.now() - started);
    }
    if (best >= 50) slow.push({ input: input.slice(0, 40), ms: best });
  }
  return slow;
}
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
