import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { formatInputIssues, parseInput } from './parseInput';

const query = z.strictObject({
  entityRef: z.string().min(1, 'must not be empty'),
  window: z.enum(['1h', '24h']).default('24h'),
});

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseInput', () => {
  it('returns the parsed value with defaults applied', () => {
    expect(parseInput(query, { entityRef: 'group:default/a' })).toEqual({
      entityRef: 'group:default/a',
      window: '24h',
    });
  });

  it.each([
    [
      'every failed field, prefixed by where',
      { where: 'query' },
      { entityRef: '', window: '2d', bogus: '1' },
      'Invalid query: entityRef: must not be empty; window: Invalid option: expected one of "1h"|"24h"; bogus: unknown parameter',
    ],
    [
      'the fields alone without where, unknown keys as fields',
      { unknownKey: 'field' as const },
      { entityRef: 'x', extra: 1, more: 2 },
      'extra, more: unknown fields',
    ],
    [
      'a free-text where',
      { where: 'GPU request', unknownKey: 'field' as const },
      { entityRef: 'x', extra: 1 },
      'Invalid GPU request: extra: unknown field',
    ],
    [
      'a value that is no object as (root)',
      { where: 'body' },
      ['not', 'an', 'object'],
      'Invalid body: (root): Invalid input: expected object, received array',
    ],
  ])('names %s', (_case, options, value, message) => {
    expect(messageOf(() => parseInput(query, value, options))).toBe(message);
  });

  it('reads missing input as an empty object', () => {
    expect(
      messageOf(() => parseInput(query, undefined, { where: 'body' })),
    ).toBe(
      'Invalid body: entityRef: Invalid input: expected string, received undefined',
    );
    expect(parseInput(z.strictObject({}), null)).toEqual({});
  });

  it('names nested fields and nested unknown keys by their full path', () => {
    const body = z.strictObject({
      spec: z.strictObject({ count: z.number().min(1, 'must be at least 1') }),
    });
    expect(
      messageOf(() =>
        parseInput(body, { spec: { count: 0, gpus: 2 } }, { where: 'body' }),
      ),
    ).toBe(
      'Invalid body: spec.count: must be at least 1; spec.gpus: unknown parameter',
    );
  });

  it('names the path of refinements', () => {
    const range = z
      .object({ from: z.string(), to: z.string() })
      .refine(r => r.to >= r.from, {
        path: ['to'],
        message: 'must not be before from',
      });
    expect(
      messageOf(() =>
        parseInput(
          range,
          { from: '2025-02', to: '2025-01' },
          { where: 'query' },
        ),
      ),
    ).toBe('Invalid query: to: must not be before from');
  });
});

describe('formatInputIssues', () => {
  it('names each issue by its field, unknown keys in the chosen word', () => {
    const result = query.safeParse({ entityRef: '', extra: 1 });
    expect(result.success).toBe(false);
    expect(formatInputIssues(result.error!)).toBe(
      'entityRef: must not be empty; extra: unknown parameter',
    );
    expect(formatInputIssues(result.error!, { unknownKey: 'field' })).toBe(
      'entityRef: must not be empty; extra: unknown field',
    );
  });
});
