import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { gpuCapacityReadPermission } from '@ai-platform/plugin-gpu-provisioning-common';
import { StartEstimateService } from '../service/types';

/**
 * `gpu-provisioning:get-start-estimate`: before requesting, whether a
 * request would start now, when, and why, for agents that plan one.
 */
export function createGetStartEstimateAction(options: {
  actionsRegistry: ActionsRegistryService;
  startEstimates: StartEstimateService;
}) {
  options.actionsRegistry.register({
    name: 'get-start-estimate',
    title: 'Estimate when a GPU request would start',
    description: `Before requesting GPUs: says whether a request would start now, and if not, when ("startsAt") and why, from the team's quota, the cluster's free GPUs of the class and when the portal's grants end.
The same policy check as a request runs first, so a request that breaks the policy fails naming the field.
"reason" is one sentence to show to the person who asked.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    visibilityPermission: gpuCapacityReadPermission,
    schema: {
      input: z =>
        z.object({
          team: z
            .string()
            .describe(
              'Group entity ref of the team, e.g. group:default/ml-platform',
            ),
          cluster: z.string().describe('Cluster name, e.g. gpu-prod'),
          gpuClass: z.string().describe('GPU class id, e.g. h100'),
          migProfile: z
            .string()
            .optional()
            .describe(
              'MIG profile of the class, e.g. 1g.10gb; whole GPUs when omitted',
            ),
          count: z.number().int().describe('GPUs or MIG instances'),
          durationHours: z.number().int().describe('How long, in hours'),
          dataClassification: z
            .string()
            .optional()
            .describe(
              'public, internal, confidential or restricted; when given, the cluster must be cleared for it',
            ),
        }),
      output: z =>
        z.object({
          outcome: z
            .enum(['now', 'later', 'over-quota', 'unknown'])
            .describe('now; later (at startsAt); over-quota (never); unknown'),
          startsAt: z
            .string()
            .optional()
            .describe('When it would start, for later'),
          binding: z
            .enum(['quota', 'capacity', 'quota-and-capacity'])
            .optional()
            .describe('What keeps it from starting now'),
          waitsFor: z
            .number()
            .optional()
            .describe('Grants that must end first'),
          quotaLimit: z
            .number()
            .describe("The team's whole quota for the class"),
          quotaLeft: z.number().describe('What is left of it now'),
          freeNow: z.number().describe('Free on the cluster now'),
          requiresApproval: z
            .boolean()
            .describe('Above the approval threshold: an approver must say yes'),
          reason: z.string().describe('The answer in one sentence'),
        }),
    },
    examples: [
      {
        title: "Four H100s when the team's quota is used",
        input: {
          team: 'group:default/ml-platform',
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          count: 4,
          durationHours: 8,
        },
        output: {
          outcome: 'later',
          startsAt: '2026-12-03T18:00:00.000Z',
          binding: 'quota',
          waitsFor: 1,
          quotaLimit: 8,
          quotaLeft: 0,
          freeNow: 16,
          requiresApproval: false,
          reason:
            "Starts in about 2 h, when 1 grant ends: your team's quota has 0 of 8 H100 GPUs left and you asked for 4.",
        },
      },
    ],
    action: async ({ input, credentials }) => ({
      output: await options.startEstimates.estimate({
        credentials,
        query: input,
      }),
    }),
  });
}
