import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * How {@link parseInput} words its `InputError`.
 *
 * @public
 */
export interface ParseInputOptions {
  /**
   * What is parsed (`query`, `body`, `path`, `GPU request`); the message then
   * starts with `Invalid <where>: `. Left out, the message is the list of
   * fields alone (`count: must be at least 1`).
   */
  where?: string;
  /**
   * What a key the schema does not know is called: `parameter` (the
   * default, for query strings) or `field` (for bodies).
   */
  unknownKey?: 'parameter' | 'field';
}

/**
 * The issues of a failed zod parse as one line, each naming its field:
 * `count: must be at least 1; extra: unknown field`. Unknown keys are named
 * by their own path, issues without a path by `(root)`.
 *
 * @public
 */
export function formatInputIssues(
  error: z.ZodError,
  options: Pick<ParseInputOptions, 'unknownKey'> = {},
): string {
  const noun = options.unknownKey ?? 'parameter';
  return error.issues
    .map(issue => {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map(key => [...path, key].join('.'));
        return `${keys.join(', ')}: unknown ${noun}${
          keys.length > 1 ? 's' : ''
        }`;
      }
      return `${path.join('.') || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Parses request or action input with a zod schema, or throws an
 * `InputError` (400) naming every field that failed:
 * `Invalid query: to: must not be before from; bogus: unknown parameter`.
 *
 * @remarks
 * Missing input (`undefined` or `null`) is read as an empty object, so a
 * request without a body is answered with the fields it lacks.
 *
 * @public
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  options: ParseInputOptions = {},
): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields = formatInputIssues(result.error, options);
  throw new InputError(
    options.where ? `Invalid ${options.where}: ${fields}` : fields,
  );
}
