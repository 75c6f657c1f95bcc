import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Parses request input with a zod schema; `InputError` naming each field
 * that failed, and each unknown parameter, otherwise.
 */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new InputError(
      `Invalid ${where}: ${result.error.issues
        .map(i =>
          i.code === 'unrecognized_keys'
            ? `${i.keys.join(', ')}: unknown parameter`
            : `${i.path.join('.') || '(root)'}: ${i.message}`,
        )
        .join('; ')}`,
    );
  }
  return result.data;
}
