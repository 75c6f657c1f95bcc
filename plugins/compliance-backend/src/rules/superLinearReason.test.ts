import { superLinearReason } from './superLinearReason';
import { evaluateCondition } from './evaluateCondition';
import { conditionSchema } from '../frameworks/schemas';

describe('superLinearReason', () => {
  it.each([
    '^nvcr\\.io/',
    '^[a-z0-9-]+$',
    '^(?:prod|staging)-[a-z]+$',
    'a{2,5}b?',
    '(ab)+',
    '^[(+*)]+$',
    '\\(a+\\)+',
  ])('accepts the linear pattern %s', pattern => {
    expect(superLinearReason(pattern)).toBeUndefined();
  });

  it.each([
    '(a+)+$',
    '(a*)*b',
    '^(\\w+\\s?)*$',
    '(a|aa)+',
    '(?:x|y)*z',
    '((ab)*c)+',
    '(a+){2,}',
    '(a)\\1',
  ])('refuses the backtracking pattern %s', pattern => {
    expect(superLinearReason(pattern)).toEqual(expect.any(String));
  });

  it('runs an accepted pattern over 10,000 hostile characters in under 50 ms', () => {
    for (const pattern of ['^[a-z0-9-]+$', '^(?:prod|staging)-[a-z]+$']) {
      expect(superLinearReason(pattern)).toBeUndefined();
      const started = performance.now();
      evaluateCondition(
        { fact: 'catalog.name', operator: 'matches', value: pattern },
        () => `${'a-'.repeat(5000)}!`,
      );
      expect(performance.now() - started).toBeLessThan(50);
    }
  });

  it('makes a check definition with a backtracking pattern fail to load, naming the field', () => {
    const result = conditionSchema.safeParse({
      fact: 'catalog.name',
      operator: 'matches',
      value: '^(\\w+\\s?)*$',
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({
      path: ['value'],
      message: expect.stringContaining('is not a linear regular expression'),
    });
  });
});
