import { entityRefKey, entityRefsEqual } from './entityRefKey';

describe('entityRefKey', () => {
  it('compares references ignoring case and filling the default namespace', () => {
    expect(entityRefKey('Group:Default/ML-Platform')).toBe(
      'group:default/ml-platform',
    );
    expect(entityRefKey('ml-platform', { defaultKind: 'group' })).toBe(
      'group:default/ml-platform',
    );
    expect(
      entityRefsEqual('group:default/ml-platform', 'GROUP:default/ML-platform'),
    ).toBe(true);
    expect(
      entityRefsEqual('group:default/ml-platform', 'group:other/ml-platform'),
    ).toBe(false);
  });

  it('refuses a reference without a kind when none is given', () => {
    expect(() => entityRefKey('ml-platform')).toThrow(/kind/);
  });
});
