import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  DATA_CLASSIFICATIONS,
  GPU_PURPOSES,
  gpuRequestCreatePermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuRequestSubmissionService } from '../service/types';
import { gpuRequestOutputSchema } from './outputSchemas';

/**
 * `gpu-provisioning:request-gpus`: asks for GPUs for a team, with the same
 * checks as the portal's form.
 */
export function createRequestGpusAction(options: {
  actionsRegistry: ActionsRegistryService;
  submissions: GpuRequestSubmissionService;
}) {
  options.actionsRegistry.register({
    name: 'request-gpus',
    title: 'Request GPUs',
    description: `Asks for GPUs (or MIG instances) of one class on one cluster for a team the caller belongs to.
The request is checked against policy (cluster, class, MIG profile, duration, data classification) and the team's quota.
Requests of up to the approval threshold in GPU-hours are granted at once and come back "active" with the namespace to run in; larger ones come back "pending-approval" until an approver decides.
With startAt the request books a later window instead: it comes back "approved" (or "pending-approval") with startAt and expiresAt, and is set up on the cluster at startAt; the team's quota and the cluster's capacity must have room at every instant of the window.
Use get-capacity first to choose a cluster and class. Pass the same idempotencyKey when retrying so that a retry does not ask twice.`,
    attributes: { readOnly: false, idempotent: false, destructive: false },
    visibilityPermission: gpuRequestCreatePermission,
    schema: {
      input: z =>
        z.object({
          team: z
            .string()
            .describe(
              'The team, a group entity ref the caller is a member of, e.g. group:default/ml-platform',
            ),
          entityRef: z
            .string()
            .optional()
            .describe(
              'The Component or System the GPUs are for, e.g. component:default/assistant-api',
            ),
          cluster: z.string().describe('Cluster name, e.g. gpu-prod'),
          gpuClass: z.string().describe('GPU class id, e.g. h100'),
          migProfile: z
            .string()
            .optional()
            .describe(
              'A MIG profile of the class, e.g. 1g.10gb; whole GPUs when omitted',
            ),
          count: z
            .number()
            .int()
            .describe('How many GPUs (or MIG instances), at least 1'),
          durationHours: z
            .number()
            .int()
            .describe('For how many hours, at least 1'),
          purpose: z.enum(GPU_PURPOSES).describe('What the GPUs are for'),
          dataClassification: z
            .enum(DATA_CLASSIFICATIONS)
            .describe('The most sensitive data the workload processes'),
          justification: z
            .string()
            .describe('Why the GPUs are needed, at least 10 characters'),
          startAt: z
            .string()
            .optional()
            .describe(
              'Start later: an ISO 8601 date and time in the next 14 days, e.g. 2026-12-04T09:00:00Z; now when omitted',
            ),
          idempotencyKey: z
            .string()
            .optional()
            .describe(
              'A key of your choosing; a retry with the same key returns the first request',
            ),
        }),
      output: z =>
        z.object({
          request: gpuRequestOutputSchema(z).describe(
            'The request as recorded',
          ),
          created: z
            .boolean()
            .describe(
              'false when an earlier request with the same idempotencyKey was returned',
            ),
        }),
    },
    examples: [
      {
        title: 'Two H100s for two days of fine-tuning',
        input: {
          team: 'group:default/conversational-ai',
          entityRef: 'component:default/assistant-api',
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          count: 2,
          durationHours: 48,
          purpose: 'fine-tuning',
          dataClassification: 'confidential',
          justification:
            'LoRA fine-tuning of the assistant on support transcripts',
          idempotencyKey: 'assistant-lora-2025-06-01',
        },
        output: {
          request: {
            id: '0b7c4c9e-3f7e-4d0a-9a51-2f1f3f1c6b1a',
            status: 'active',
            team: 'group:default/conversational-ai',
            entityRef: 'component:default/assistant-api',
            cluster: 'gpu-prod',
            gpuClass: 'h100',
            count: 2,
            durationHours: 48,
            purpose: 'fine-tuning',
            dataClassification: 'confidential',
            justification:
              'LoRA fine-tuning of the assistant on support transcripts',
            requestedBy: 'user:default/ana.assistant',
            createdAt: '2025-06-01T12:00:00.000Z',
            updatedAt: '2025-06-01T12:00:05.000Z',
            gpuHours: 96,
            estimatedCost: 432,
            requiresApproval: false,
            namespace: 'gpu-conversational-ai-assistant-api-0b7c4c9e',
            activeSince: '2025-06-01T12:00:05.000Z',
            expiresAt: '2025-06-03T12:00:05.000Z',
          },
          created: true,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const { idempotencyKey, ...request } = input;
      const result = await options.submissions.create({
        credentials,
        input: request,
        idempotencyKey,
      });
      return { output: result };
    },
  });
}
