import { z } from 'zod';
import { RuleCondition } from '@ai-platform/plugin-compliance-common';
import { superLinearReason } from '../rules/superLinearReason';

/**
 * The built-in retrievers' ids. Fact names start with a retriever id; those
 * added through the extension point are checked when the backend starts
 * (`assertFactsHaveRetrievers`).
 */
export const FACT_NAMESPACES = ['catalog', 'k8s', 'grants', 'models'] as const;

const OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'exists',
  'notExists',
  'isEmpty',
  'isNotEmpty',
  'matches',
] as const;

const factName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*\.[A-Za-z][A-Za-z0-9]*$/,
    `must be <retriever>.<fact>, e.g. ${FACT_NAMESPACES.map(
      id => `${id}.someFact`,
    ).join(', ')}`,
  );

/** A condition of the rule language. */
export const conditionSchema: z.ZodType<RuleCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z
      .strictObject({
        fact: factName,
        operator: z.enum(OPERATORS),
        value: z.unknown().optional(),
      })
      .superRefine((c, ctx) => {
        if (['in', 'notIn'].includes(c.operator) && !Array.isArray(c.value))
          ctx.addIssue({
            code: 'custom',
            path: ['value'],
            message: `operator ${c.operator} needs a list value`,
          });
        if (c.operator === 'matches') {
          try {
            RegExp(String(c.value));
          } catch (e) {
            ctx.addIssue({
              code: 'custom',
              path: ['value'],
              message: `is not a regular expression: ${e}`,
            });
            return;
          }
          const unsafe = superLinearReason(String(c.value));
          if (unsafe)
            ctx.addIssue({
              code: 'custom',
              path: ['value'],
              message: `is not a linear regular expression: ${unsafe}`,
            });
        }
      }),
  ]),
) as z.ZodType<RuleCondition>;

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case (a-z, 0-9, -)');

/** A check as written in a file or in config. */
export const checkSchema = z.strictObject({
  id,
  title: z.string().min(1),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  weight: z.number().positive().max(100).default(1),
  explanation: z.string().min(1),
  howToFix: z.string().min(1),
  kinds: z
    .array(z.string().min(1))
    .min(1)
    .transform(kinds => kinds.map(k => k.toLocaleLowerCase('en-US'))),
  when: conditionSchema.optional(),
  condition: conditionSchema,
});

/** A control with the checks that give evidence for it. */
export const controlSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  description: z.string().optional(),
  checks: z.array(z.string().min(1)).default([]),
});

/** A framework as written in a file or in config. */
export const frameworkSchema = z.strictObject({
  id,
  title: z.string().min(1),
  version: z.string().optional(),
  description: z.string().optional(),
  scope: conditionSchema.optional(),
  controls: z.array(controlSchema).min(1),
});

/** Extra crosswalk entries: more checks as evidence for existing controls. */
export const crosswalkSchema = z.array(
  z.strictObject({
    framework: z.string().min(1),
    control: z.string().min(1),
    checks: z.array(z.string().min(1)).min(1),
  }),
);

/** A definitions file: a framework, checks, crosswalk entries, or several of them. */
export const definitionsFileSchema = z.union([
  frameworkSchema,
  z.strictObject({
    checks: z.array(checkSchema).optional(),
    frameworks: z.array(frameworkSchema).optional(),
    crosswalk: crosswalkSchema.optional(),
  }),
]);
