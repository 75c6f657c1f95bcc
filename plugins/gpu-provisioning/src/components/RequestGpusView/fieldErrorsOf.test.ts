import { fieldErrorsOf, ownershipErrorOf } from './fieldErrorsOf';

describe('fieldErrorsOf', () => {
  it('splits the backend’s message into field errors', () => {
    expect(
      fieldErrorsOf(
        'count: must be at least 1; entityRef: component:default/x is not in the catalog\nnope: x; team',
      ),
    ).toEqual({
      count: 'must be at least 1',
      entityRef: 'component:default/x is not in the catalog',
    });
  });

  it.each([
    ['spaces, then a carriage return', `count:${' '.repeat(9_992)}x\r`],
    ['letters without a colon', 'a'.repeat(10_000)],
    ['colons', ':'.repeat(10_000)],
    ['separators', '; '.repeat(5_000)],
  ])('reads 10,000 characters of %s in under 50 ms', (_name, message) => {
    expect(message).toHaveLength(10_000);
    fieldErrorsOf(message);
    // The fastest of three runs: a super-linear parser is slow every time.
    let fastest = Infinity;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      fieldErrorsOf(message);
      ownershipErrorOf(message, 'component:default/x');
      fastest = Math.min(fastest, performance.now() - start);
    }
    expect(fastest).toBeLessThan(50);
  });
});

describe('ownershipErrorOf', () => {
  it.each([
    [
      'component:default/x is owned by group:default/b, not by group:default/a or a team below it',
      'Component:default/X',
      true,
    ],
    [
      'component:default/x has no owner in the catalog, so it is not owned by group:default/a or a team below it',
      'component:default/x',
      true,
    ],
    [
      'You are not allowed to request GPUs (gpu.request.create)',
      'component:default/x',
      false,
    ],
    [
      'component:default/y is owned by group:default/b, not by group:default/a or a team below it',
      'component:default/x',
      false,
    ],
  ])('recognises %p for %p: %p', (message, entityRef, isOwnership) => {
    expect(ownershipErrorOf(message, entityRef)).toBe(
      isOwnership ? message : undefined,
    );
  });

  it('is undefined without an entity', () => {
    expect(
      ownershipErrorOf('x is owned by group:default/b', undefined),
    ).toBeUndefined();
  });
});
