import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { complianceScoreReadPermission } from '@ai-platform/plugin-compliance-common';
import { ScorecardService } from '../service/types';

/** `get-failing-compliance-checks`: what fails for an entity and how to fix it. */
export function createGetFailingChecksAction(options: {
  actionsRegistry: ActionsRegistryService;
  scorecards: ScorecardService;
}) {
  options.actionsRegistry.register({
    name: 'get-failing-compliance-checks',
    title: 'Get failing compliance checks',
    description: `Lists the compliance checks a catalog entity fails (or whose facts could not be gathered), with severity, the framework controls each gives evidence for, why it matters and how to fix it.
Waived checks are not listed.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    visibilityPermission: complianceScoreReadPermission,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('The entity, e.g. component:default/assistant-api'),
          framework: z
            .string()
            .optional()
            .describe('Only checks of this framework, e.g. hipaa'),
        }),
      output: z =>
        z.object({
          items: z
            .array(
              z.object({
                checkId: z.string().describe('Check id'),
                title: z.string().describe('What the check asks'),
                status: z
                  .enum(['fail', 'unknown'])
                  .describe('fail, or unknown when facts are missing'),
                severity: z.string().describe('low, medium, high or critical'),
                controls: z
                  .array(z.string())
                  .describe(
                    'Controls as framework:control, e.g. hipaa:164.312(e)(1)',
                  ),
                howToFix: z.string().describe('What to do'),
                facts: z
                  .record(z.string(), z.unknown())
                  .describe('The fact values that decided it'),
              }),
            )
            .describe('Failing checks, most severe first'),
        }),
    },
    examples: [
      {
        title: 'HIPAA checks the assistant API fails',
        input: {
          entityRef: 'component:default/assistant-api',
          framework: 'hipaa',
        },
        output: {
          items: [
            {
              checkId: 'k8s-default-deny-network-policy',
              title: 'Namespaces deny traffic by default',
              status: 'fail',
              severity: 'high',
              controls: ['hipaa:164.312(e)(1)'],
              howToFix: 'Apply a NetworkPolicy with `podSelector: {}` ...',
              facts: {
                'k8s.namespacesWithoutDefaultDeny': [
                  'gpu-prod/conversational-ai',
                ],
              },
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
      const order = ['critical', 'high', 'medium', 'low'];
      const items = result.checks
        .filter(c => c.status === 'fail' || c.status === 'unknown')
        .filter(
          c =>
            !input.framework ||
            c.controls.some(k => k.frameworkId === input.framework),
        )
        .sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))
        .map(c => ({
          checkId: c.checkId,
          title: c.title,
          status: c.status as 'fail' | 'unknown',
          severity: c.severity,
          controls: c.controls
            .filter(k => !input.framework || k.frameworkId === input.framework)
            .map(k => `${k.frameworkId}:${k.controlId}`),
          howToFix: c.howToFix,
          facts: c.evidence.facts,
        }));
      return { output: { items } };
    },
  });
}
