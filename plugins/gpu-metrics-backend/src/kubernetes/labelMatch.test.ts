import { equalityValue, labelMatcher } from './labelMatch';

describe('labelMatcher', () => {
  const labels = { app: 'web', tier: 'gpu' };
  it.each([
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app in (api,web)', true],
    ['app in (api)', false],
    ['missing in (x)', false],
    ['app notin (api)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['app=web,tier=gpu', true],
    ['app=web,tier=cpu', false],
  ])('%s matches: %s', (selector, expected) => {
    expect(labelMatcher(selector)(labels)).toBe(expected);
  });

  it('does not take inherited properties for labels', () => {
    expect(labelMatcher('constructor')({})).toBe(false);
  });
});

describe('equalityValue', () => {
  it('reads key=value and key==value only', () => {
    expect(equalityValue('k=v', 'k')).toBe('v');
    expect(equalityValue('k==v', 'k')).toBe('v');
    expect(equalityValue('k=v,a=b', 'k')).toBeUndefined();
    expect(equalityValue('k in (v)', 'k')).toBeUndefined();
    expect(equalityValue('j=v', 'k')).toBeUndefined();
  });
});
