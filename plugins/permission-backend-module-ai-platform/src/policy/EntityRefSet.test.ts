import { mockServices } from '@backstage/backend-test-utils';
import { EntityRefSet } from './EntityRefSet';

describe('EntityRefSet', () => {
  it('compares refs case-insensitively, filling in the default namespace', () => {
    const set = EntityRefSet.of([
      'Group:Default/Platform-Engineering',
      'user:jane',
    ]);
    expect(set.has('group:default/platform-engineering')).toBe(true);
    expect(set.has('GROUP:default/PLATFORM-ENGINEERING')).toBe(true);
    expect(set.has('user:default/Jane')).toBe(true);
    expect(set.has('group:default/ml-platform')).toBe(false);
    expect(set.has('group:other/platform-engineering')).toBe(false);
  });

  it('matches a user listed by name or through one of their groups', () => {
    const set = EntityRefSet.of(['user:default/jane', 'group:default/finance']);
    expect(set.includesUserOrGroup('user:default/Jane', [])).toBe(true);
    expect(
      set.includesUserOrGroup('user:default/bob', ['group:default/Finance']),
    ).toBe(true);
    expect(
      set.includesUserOrGroup('user:default/bob', ['group:default/ml']),
    ).toBe(false);
  });

  it('is empty when the key is absent', () => {
    const set = EntityRefSet.fromConfig(
      mockServices.rootConfig({ data: {} }),
      'cost.admins',
    );
    expect(set.includesUserOrGroup('user:default/jane', [])).toBe(false);
  });

  it('refuses an entry without a kind, naming the key and index', () => {
    expect(() =>
      EntityRefSet.fromConfig(
        mockServices.rootConfig({
          data: { cost: { admins: ['group:default/finance', 'finance'] } },
        }),
        'cost.admins',
      ),
    ).toThrow('cost.admins[1] must be an entity ref with a kind');
  });

  it('does not throw for a malformed ref it is asked about', () => {
    expect(EntityRefSet.of(['group:default/a']).has('::::')).toBe(false);
  });
});
