/**
 * Regular-expression safety checks shared by every package's
 * `regexSafety.test.ts`: validators over user, catalog and billing input must
 * answer in linear time, so each is fed strings built to make a backtracking
 * regex blow up.
 */

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

/** The attack strings, built once. */
export const ATTACK_STRINGS: readonly string[] = attackStrings();

/**
 * The attack strings `validate` takes 50 ms or more on (none, when linear).
 * Each input is timed as the best of up to five runs, so a garbage collection or
 * another test worker does not count: backtracking is slow every time.
 */
export function slowInputs(
  validate: (input: string) => unknown,
): Array<{ input: string; ms: number }> {
  const slow: Array<{ input: string; ms: number }> = [];
  for (const input of ATTACK_STRINGS) {
    let best = Infinity;
    for (let run = 0; run < 5 && best >= 50; run++) {
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
