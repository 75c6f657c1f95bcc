import { slowInputs } from '@ai-platform/test-utils-common';
import { mountPathOf } from './openApiContract';

describe('mountPathOf', () => {
  it('reads the path Express 4 mounted a router at', () => {
    expect(mountPathOf('^\\/api\\/cost\\/?(?=\\/|$)')).toBe('/api/cost');
    expect(() => mountPathOf('^\\/api\\/:id\\/?(?=\\/|$)')).toThrow(
      'Cannot read the mount path',
    );
  });

  it('answers in linear time on strings built to make a regex backtrack', () => {
    const check = (input: string) => {
      try {
        mountPathOf(input);
      } catch {
        // Refusing is fine; taking long is not.
      }
    };
    expect(slowInputs(check)).toEqual([]);
    expect(
      slowInputs(input => check(`^${input.replace(/a/g, '\\/a')}`)),
    ).toEqual([]);
  });
});
