/**
 * The test utilities' mocks (the catalog's, the suite's permission helpers)
 * build their functions with `jest.fn()`; outside Jest this stand-in does
 * the one thing they need: call the implementation given.
 */
export function provideJestFn() {
  const g = globalThis as { jest?: unknown };
  g.jest ??= {
    fn: (initial?: (...args: unknown[]) => unknown) => {
      let impl = initial;
      const mock = (...args: unknown[]) => impl?.(...args);
      mock.mockImplementation = (next: typeof impl) => {
        impl = next;
        return mock;
      };
      return mock;
    },
  };
}
