import {
  isLabelKey,
  isLabelSelector,
  isLabelValue,
  LabelSelectorError,
  parseLabelSelector,
} from './labelSelector';

describe('parseLabelSelector', () => {
  // The examples of https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/
  it.each([
    ['environment = production', [['environment', '=', ['production']]]],
    ['tier != frontend', [['tier', '!=', ['frontend']]]],
    [
      'environment=production,tier!=frontend',
      [
        ['environment', '=', ['production']],
        ['tier', '!=', ['frontend']],
      ],
    ],
    [
      'environment in (production, qa)',
      [['environment', 'in', ['production', 'qa']]],
    ],
    [
      'tier notin (frontend, backend)',
      [['tier', 'notin', ['frontend', 'backend']]],
    ],
    ['partition', [['partition', 'exists', []]]],
    ['!partition', [['partition', '!', []]]],
    [
      'partition in (customerA, customerB),environment!=qa',
      [
        ['partition', 'in', ['customerA', 'customerB']],
        ['environment', '!=', ['qa']],
      ],
    ],
    [
      'environment in (production),tier in (qa)',
      [
        ['environment', 'in', ['production']],
        ['tier', 'in', ['qa']],
      ],
    ],
    [
      'app.kubernetes.io/name=mysql',
      [['app.kubernetes.io/name', '=', ['mysql']]],
    ],
    ['team==ml', [['team', '==', ['ml']]]],
    ['track=', [['track', '=', ['']]]],
    ['track in (a,)', [['track', 'in', ['a', '']]]],
    ['track in ()', [['track', 'in', ['']]]],
    ['in=x', [['in', '=', ['x']]]],
    [
      ' a.b-c/E.f-G_h = X.y-Z_0 ,\t!k ',
      [
        ['a.b-c/E.f-G_h', '=', ['X.y-Z_0']],
        ['k', '!', []],
      ],
    ],
  ])('parses %j', (text, expected) => {
    expect(parseLabelSelector(text)).toEqual(
      expected.map(([key, operator, values]) => ({ key, operator, values })),
    );
    expect(isLabelSelector(text)).toBe(true);
  });

  it.each([
    ['', 0, 'empty'],
    ['   ', 3, 'empty'],
    ['a,', 2, 'expected a label key'],
    [',a', 0, 'expected a label key'],
    ['a,,b', 2, 'expected a label key'],
    ['=a', 0, 'expected a label key'],
    ['a b', 2, "found 'b'"],
    ['a=b=c', 3, "found '='"],
    ['a=b c', 4, "found 'c'"],
    ['!a=b', 2, "found '='"],
    ['a in b', 5, "expected '('"],
    ['a in (b', 7, "found the end, expected ','"],
    ['a in (b c)', 8, "found 'c'"],
    ['a in (b,(c))', 8, "found '('"],
    ['a > 1', 2, "operator '>' is not supported"],
    ['a exists', 2, "found 'exists'"],
    ['/a=b', 0, 'prefix is empty'],
    ['a/=b', 0, 'name is empty'],
    ['a/b/c', 0, "more than one '/'"],
    ['Example.com/a', 0, 'DNS subdomain'],
    ['a..b/c', 0, 'DNS subdomain'],
    ['-a.b/c', 0, 'DNS subdomain'],
    ['-a', 0, 'start and end with a letter or digit'],
    ['a-', 0, 'start and end with a letter or digit'],
    ['a=b-', 2, "label value 'b-'"],
    ['a=b"}', 2, "label value 'b\"}'"],
    ['app=x"} or vector(1) #', 4, "label value 'x\"}'"],
    ['app=~.*', 4, "label value '~.*'"],
    [`a=${'b'.repeat(64)}`, 2, 'longer than 63'],
    [`${'k'.repeat(64)}`, 0, 'longer than 63'],
    [`${'p'.repeat(254)}/k`, 0, 'longer than 253'],
    ['a=b\u00e9c', 2, 'may only contain'],
    ['a_b.c/d', 0, 'DNS subdomain'],
  ])('refuses %j at position %d: %s', (text, position, problem) => {
    let caught: unknown;
    try {
      parseLabelSelector(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LabelSelectorError);
    const error = caught as LabelSelectorError;
    expect(error.name).toBe('InputError');
    expect(error.position).toBe(position);
    expect(error.message).toContain(`position ${position}`);
    expect(error.message).toContain(problem);
    expect(isLabelSelector(text)).toBe(false);
  });

  it('accepts the longest keys and values the grammar allows', () => {
    const prefix = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(
      63,
    )}.${'d'.repeat(61)}`;
    expect(prefix).toHaveLength(253);
    const key = `${prefix}/${'n'.repeat(63)}`;
    expect(isLabelKey(key)).toBe(true);
    expect(isLabelSelector(`${key}=${'v'.repeat(63)}`)).toBe(true);
  });

  it('does not echo a long token in full', () => {
    expect(() => parseLabelSelector(`a=${'x'.repeat(5000)}"`)).toThrow(
      /label value 'x{20}…'/,
    );
  });

  it.each([
    ['a.', 5000],
    ['a-', 5000],
    ['a/', 5000],
    ['a,', 5000],
    ['(', 10000],
    ['a in (', 1666],
    ['a=b,', 2500],
    ['!', 10000],
  ])('answers %j repeated %d times in linear time', (unit, times) => {
    for (const text of [
      unit.repeat(times),
      `${unit.repeat(times)}!`,
      `app=${unit.repeat(times)}`,
    ]) {
      // The best of three runs: a loaded machine may pause any one of them.
      const runs = [0, 1, 2].map(() => {
        const started = performance.now();
        isLabelSelector(text);
        return performance.now() - started;
      });
      expect(Math.min(...runs)).toBeLessThan(50);
    }
  });

  it('parses a valid selector of 10,000 characters quickly', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `k${i}=v${i}`)
      .join(',')
      .slice(0, 10_000)
      .replace(/,[^,]*$/, '');
    const started = performance.now();
    expect(parseLabelSelector(text).length).toBeGreaterThan(500);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('isLabelValue', () => {
  it.each(['', 'a', 'A-b_c.d', 'x'.repeat(63), '0'])('accepts %j', value => {
    expect(isLabelValue(value)).toBe(true);
  });

  it.each(['-a', 'a_', 'a b', 'a/b', 'x'.repeat(64), 'a\nb', '.*'])(
    'refuses %j',
    value => {
      expect(isLabelValue(value)).toBe(false);
    },
  );
});
