import { InputError } from '@backstage/errors';
import { describeIssues } from '@ai-platform/plugin-cost-common';
import { z } from 'zod';

/** Parses with a zod schema; a failure is a 400 naming every bad field. */
export function parseInput<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: 'query' | 'body' | 'path',
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${describeIssues(result.error)
        .map(i => `${i.field}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}
