import { escapeRegex, promqlAlternation, promqlString } from './promql';

describe('promqlString', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['a\nb', '"a\\nb"'],
    ['x"} or vector(1) #', '"x\\"} or vector(1) #"'],
  ])('quotes %j as %s', (value, quoted) => {
    expect(promqlString(value)).toBe(quoted);
  });
});

describe('promqlAlternation', () => {
  it('escapes regex metacharacters in each value', () => {
    expect(escapeRegex('a.b*(c)|d')).toBe('a\\.b\\*\\(c\\)\\|d');
    expect(promqlAlternation(['pod-1', 'pod.2'])).toBe('"pod-1|pod\\\\.2"');
  });
});
