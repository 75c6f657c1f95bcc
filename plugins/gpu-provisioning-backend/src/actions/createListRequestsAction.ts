import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { GPU_REQUEST_STATUSES } from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuRequestQueryService } from '../service/types';
import { gpuRequestOutputSchema } from './outputSchemas';

/**
 * `gpu-provisioning:list-requests`: the caller's GPU requests, their teams'
 * or (for approvers) everyone's.
 *
 * @remarks
 * It has no visibility permission: reading requests is a resource
 * permission (`gpu.request.read`), which the service checks per request,
 * while a visibility permission must be a basic one.
 */
export function createListRequestsAction(options: {
  actionsRegistry: ActionsRegistryService;
  queries: GpuRequestQueryService;
}) {
  options.actionsRegistry.register({
    name: 'list-requests',
    title: 'List GPU requests',
    description: `Lists GPU requests and grants, newest first: the caller's own (scope "mine", the default), those of the caller's teams (scope "team"), or every request (scope "all", approvers only).
Each has its status, cluster, class, count, namespace and expiry.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          scope: z
            .enum(['mine', 'team', 'all'])
            .optional()
            .describe(
              'mine (default): made by the caller; team: for the caller’s teams; all: every request (approvers only)',
            ),
          status: z
            .array(z.enum(GPU_REQUEST_STATUSES))
            .optional()
            .describe(
              'Only requests in one of these statuses, e.g. ["active"]',
            ),
          team: z
            .string()
            .optional()
            .describe('Only requests for this team, a group entity ref'),
          entityRef: z
            .string()
            .optional()
            .describe('Only requests for this Component or System'),
        }),
      output: z =>
        z.object({
          items: z.array(gpuRequestOutputSchema(z)).describe('The requests'),
        }),
    },
    examples: [
      {
        title: 'My active grants',
        input: { scope: 'mine', status: ['active'] },
      },
    ],
    action: async ({ input, credentials }) => {
      const items = await options.queries.list({
        credentials,
        scope: input.scope,
        statuses: input.status,
        team: input.team,
        entityRef: input.entityRef,
      });
      return { output: { items } };
    },
  });
}
