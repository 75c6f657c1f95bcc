import { InputError } from '@backstage/errors';
import { describeIssues } from '@ai-platform/plugin-gpu-provisioning-common';
import { z } from 'zod';

/**
 * Parses input with one of the shared schemas, or throws an `InputError`
 * whose message names every bad field: `count: must be at least 1; team: ...`.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      describeIssues(result.error)
        .map(issue => `${issue.field}: ${issue.message}`)
        .join('; '),
    );
  }
  return result.data;
}
