import { memoizeFor } from './memoizeFor';

function counter(fail?: (key: string) => boolean) {
  const calls: string[] = [];
  const read = async (key: string) => {
    calls.push(key);
    const call = calls.length;
    await new Promise(resolve => setTimeout(resolve, 5));
    if (fail?.(key)) throw new Error(`no ${key}`);
    return `${key}:${call}`;
  };
  return { read, calls };
}

describe('memoizeFor', () => {
  it('shares one read among callers asking for the same key at once', async () => {
    const { read, calls } = counter();
    const memo = memoizeFor(read, { keyOf: k => k, ttlMs: 60_000 });
    const answers = await Promise.all([memo('a'), memo('a'), memo('b')]);
    expect(answers).toEqual(['a:1', 'a:1', 'b:2']);
    expect(await memo('a')).toBe('a:1');
    expect(calls).toEqual(['a', 'b']);
  });

  it('reads again once the time is up, and on every call with 0', async () => {
    const { read, calls } = counter();
    const memo = memoizeFor(read, { keyOf: k => k, ttlMs: 20 });
    await memo('a');
    await new Promise(resolve => setTimeout(resolve, 40));
    expect(await memo('a')).toBe('a:2');
    const uncached = memoizeFor(read, { keyOf: k => k, ttlMs: 0 });
    await uncached('a');
    await uncached('a');
    expect(calls).toHaveLength(4);
  });

  it('reads with the argument of the call that misses', async () => {
    const seen: string[] = [];
    const memo = memoizeFor(
      async (user: { ref: string; token: string }) => {
        seen.push(user.token);
        return user.ref.toUpperCase();
      },
      { keyOf: user => user.ref, ttlMs: 60_000 },
    );
    await memo({ ref: 'ana', token: 't1' });
    expect(await memo({ ref: 'ana', token: 't2' })).toBe('ANA');
    expect(seen).toEqual(['t1']);
  });

  it('does not keep a failed read', async () => {
    let failing = true;
    const { read, calls } = counter(() => failing);
    const memo = memoizeFor(read, { keyOf: k => k, ttlMs: 60_000 });
    await expect(memo('a')).rejects.toThrow('no a');
    failing = false;
    expect(await memo('a')).toBe('a:2');
    expect(calls).toEqual(['a', 'a']);
  });

  it('keeps at most maxEntries keys, dropping the oldest', async () => {
    const { read, calls } = counter();
    const memo = memoizeFor(read, {
      keyOf: k => k,
      ttlMs: 60_000,
      maxEntries: 2,
    });
    await memo('a');
    await memo('b');
    await memo('c');
    await memo('b');
    await memo('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
