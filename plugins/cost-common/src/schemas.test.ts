import { z } from 'zod';
import {
  budgetInputSchema,
  costQuerySchema,
  uploadQuerySchema,
} from './schemas';

/** Each issue with the field it names (an unknown key names itself). */
function fieldsOf(error: z.ZodError) {
  return error.issues.map(issue => ({
    field:
      issue.code === 'unrecognized_keys'
        ? issue.keys.join(', ')
        : issue.path.join('.'),
    message: issue.message,
  }));
}

describe('cost schemas', () => {
  it('defaults granularity and metric', () => {
    expect(
      costQuerySchema.parse({
        entityRef: 'group:default/products',
        from: '2025-06-01',
        to: '2025-06-30',
      }),
    ).toEqual({
      entityRef: 'group:default/products',
      from: '2025-06-01',
      to: '2025-06-30',
      granularity: 'day',
      metric: 'billed',
    });
  });

  it.each([
    [{ from: '2025-02-30' }, 'from', 'is not a valid calendar date'],
    [{ from: '2025/06/01' }, 'from', 'must be a date in the form YYYY-MM-DD'],
    [{ to: '2025-05-01' }, 'to', 'must not be before from'],
    [{ to: '2029-01-01' }, 'to', 'range must be at most 3 years'],
    [
      { entityRef: 'products; drop table' },
      'entityRef',
      'must be an entity ref such as group:default/products',
    ],
    [{ splitBy: 'team' }, 'splitBy', expect.any(String)],
    [{ extra: '1' }, 'extra', 'Unrecognized key: "extra"'],
  ])('names the field of %o', (override, field, message) => {
    const result = costQuerySchema.safeParse({
      entityRef: 'group:default/products',
      from: '2025-06-01',
      to: '2025-06-30',
      ...override,
    });
    expect(result.success).toBe(false);
    expect(fieldsOf(result.error!)).toContainEqual({ field, message });
  });

  it('checks budgets and upload names', () => {
    expect(
      budgetInputSchema.safeParse({
        groupRef: 'component:default/x',
        amount: 1,
      }).success,
    ).toBe(false);
    expect(
      budgetInputSchema.parse({ groupRef: 'group:default/x', amount: 10 }),
    ).toEqual({ groupRef: 'group:default/x', amount: 10, currency: 'USD' });
    expect(uploadQuerySchema.safeParse({ fileName: '../x.csv' }).success).toBe(
      false,
    );
  });
});
