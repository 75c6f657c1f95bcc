import { isDnsSubdomain, toDnsLabel } from './dnsName';

describe('toDnsLabel', () => {
  it.each([
    ['ml-platform', 'ml-platform'],
    ['Data_Science.Team', 'data-science-team'],
    ['  Ops Team!! ', 'ops-team'],
    ['x'.repeat(80), 'x'.repeat(63)],
    ['€€€', undefined],
  ])('turns %p into %p', (input, expected) => {
    expect(toDnsLabel(input)).toBe(expected);
  });
});

describe('isDnsSubdomain', () => {
  it.each([
    ['team-ml-platform', true],
    ['queues.ml-platform', true],
    ['Upper', false],
    ['under_score', false],
    ['-x', false],
    ['a'.repeat(254), false],
  ])('%p: %p', (value, expected) => {
    expect(isDnsSubdomain(value)).toBe(expected);
  });
});
