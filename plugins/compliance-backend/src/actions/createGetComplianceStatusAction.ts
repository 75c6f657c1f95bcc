import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { complianceScoreReadPermission } from '@ai-platform/plugin-compliance-common';
import { ScorecardService } from '../service/types';

/** `get-compliance-status`: an entity's score and level per framework. */
export function createGetComplianceStatusAction(options: {
  actionsRegistry: ActionsRegistryService;
  scorecards: ScorecardService;
}) {
  options.actionsRegistry.register({
    name: 'get-compliance-status',
    title: 'Get compliance status',
    description: `Returns a catalog entity's compliance score (0-100, weighted by check) and level (e.g. Bronze, Silver, Gold) in each framework that applies to it: SOC 2, HIPAA Security Rule, ISO/IEC 27001:2022 and any team frameworks.
Use get-failing-compliance-checks for what fails and how to fix it.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    visibilityPermission: complianceScoreReadPermission,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('The entity, e.g. component:default/assistant-api'),
        }),
      output: z =>
        z.object({
          entityRef: z.string().describe('The entity, normalised'),
          evaluatedAt: z
            .string()
            .optional()
            .describe('When it was last evaluated'),
          frameworks: z
            .array(
              z.object({
                frameworkId: z.string().describe('Framework id, e.g. hipaa'),
                score: z
                  .number()
                  .nullable()
                  .describe('0 to 100; null when no check applies'),
                level: z.string().nullable().describe('Level reached, or null'),
                passed: z.number().describe('Checks passing'),
                failed: z.number().describe('Checks failing'),
                waived: z
                  .number()
                  .describe('Failing checks covered by a waiver'),
                unknown: z
                  .number()
                  .describe('Checks whose facts could not be gathered'),
              }),
            )
            .describe('Score per framework'),
        }),
    },
    examples: [
      {
        title: 'Status of the assistant API',
        input: { entityRef: 'component:default/assistant-api' },
        output: {
          entityRef: 'component:default/assistant-api',
          evaluatedAt: '2026-11-22T06:00:00.000Z',
          frameworks: [
            {
              frameworkId: 'hipaa',
              score: 42.1,
              level: null,
              passed: 5,
              failed: 6,
              waived: 0,
              unknown: 0,
            },
          ],
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const result = await options.scorecards.entity(
        { credentials },
        input.entityRef,
      );
      return {
        output: {
          entityRef: result.entityRef,
          evaluatedAt: result.evaluatedAt,
          frameworks: result.frameworks.map(f => ({
            frameworkId: f.frameworkId,
            score: f.score,
            level: f.level,
            passed: f.passed,
            failed: f.failed,
            waived: f.waived,
            unknown: f.unknown,
          })),
        },
      };
    },
  });
}
