import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DATA_CLASSIFICATIONS,
  GPU_PURPOSES,
  GpuProvisioningApiClient,
  GpuRequest,
  gpuRequestInputSchema,
  namespaceName,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { parseInput } from '@ai-platform/plugin-ai-platform-node';
import { NotAllowedError, ResponseError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { z as zod } from 'zod';
import { gpuRequestExamples } from './gpuRequestAction.examples';

/**
 * `startAt` is the action's own field beside the shared request schema: its
 * format is checked here, whether it is in the future and within 14 days by
 * the GPU provisioning API, which answers in its own words.
 */
const startAtSchema = zod.object({
  startAt: zod
    .string()
    .datetime({
      offset: true,
      message: 'must be an ISO 8601 date and time, e.g. 2026-12-04T09:00:00Z',
    })
    .optional(),
});

/**
 * `gpu:request`: asks for GPUs through the portal's GPU provisioning API, as
 * the user running the template, so templates get exactly the portal's
 * policy, quota and approvals. With `startAt` it books a later window instead
 * (provisioned at its start). A retried step does not ask twice: the request
 * carries an idempotency key made from the task and step.
 *
 * @public
 */
export function createGpuRequestAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const client = new GpuProvisioningApiClient({
    discoveryApi: options.discovery,
  });
  return createTemplateAction({
    id: 'gpu:request',
    description:
      "Requests GPUs from the AI Platform Portal's GPU provisioning, as the user running the template. Small requests are granted at once; large ones wait for an approver.",
    examples: gpuRequestExamples,
    supportsDryRun: true,
    schema: {
      input: {
        team: z =>
          z
            .string()
            .describe(
              'Group entity ref of the team, e.g. group:default/ml-platform',
            ),
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'Component or System the GPUs are for, e.g. component:default/my-service',
            ),
        cluster: z =>
          z.string().describe('Cluster name, as in the kubernetes config'),
        gpuClass: z => z.string().describe('GPU class id, e.g. h100'),
        migProfile: z =>
          z
            .string()
            .optional()
            .describe('MIG profile of the class, e.g. 1g.10gb'),
        count: z =>
          z.number().int().describe('Number of GPUs (or MIG instances)'),
        durationHours: z =>
          z.number().int().describe('How long the grant lasts, in hours'),
        purpose: z => z.enum(GPU_PURPOSES).describe('What the GPUs are for'),
        dataClassification: z =>
          z
            .enum(DATA_CLASSIFICATIONS)
            .describe('Classification of the data used'),
        justification: z => z.string().describe('Why the GPUs are needed'),
        startAt: z =>
          z
            .string()
            .optional()
            .describe(
              "Start later: an ISO 8601 date and time within the next 14 days, e.g. 2026-12-04T09:00:00Z; the GPUs are set up at that time and the team's quota and the cluster's capacity must have room for the whole window. Now when omitted",
            ),
      },
      output: {
        requestId: z => z.string().describe('Id of the GPU request'),
        status: z => z.string().describe('active, pending-approval, ...'),
        namespace: z =>
          z.string().describe('Kubernetes namespace of the grant'),
        cluster: z => z.string().describe('Cluster of the grant'),
        expiresAt: z =>
          z
            .string()
            .optional()
            .describe(
              'When the grant ends: once active, or at once for a booked window',
            ),
        startAt: z =>
          z
            .string()
            .optional()
            .describe('When a booked window starts, when startAt was given'),
      },
    },
    async handler(ctx) {
      const { startAt, ...fields } = ctx.input;
      const input = parseInput(gpuRequestInputSchema, fields, {
        where: 'GPU request',
        unknownKey: 'field',
      });
      const later = parseInput(
        startAtSchema,
        { startAt },
        { where: 'GPU request' },
      );
      if (ctx.isDryRun) {
        const requestId = `dry-run-${ctx.task.id}`;
        ctx.logger.info(
          `Dry run: would request ${input.count} ${input.gpuClass} GPU(s) on ${
            input.cluster
          }${later.startAt ? ` from ${later.startAt}` : ''}`,
        );
        ctx.output('requestId', requestId);
        ctx.output('status', 'dry-run');
        ctx.output(
          'namespace',
          namespaceName({
            team: input.team,
            entityRef: input.entityRef,
            requestId,
          }),
        );
        ctx.output('cluster', input.cluster);
        return;
      }
      // A checkpoint: a step run again after a restart (task recovery,
      // startOver) gets the request made before it instead of asking again.
      // The idempotency key guards the window between the call and the
      // checkpoint being saved.
      const request = (await ctx.checkpoint<JsonObject>({
        key: 'gpu-request',
        fn: async () => ({ ...(await requestGpus(input, later.startAt)) }),
      })) as unknown as GpuRequest;
      ctx.logger.info(`GPU request ${request.id} is ${request.status}`, {
        requestId: request.id,
        namespace: request.namespace,
      });
      ctx.output('requestId', request.id);
      ctx.output('status', request.status);
      ctx.output(
        'namespace',
        request.namespace ??
          namespaceName({
            team: input.team,
            entityRef: input.entityRef,
            requestId: request.id,
          }),
      );
      ctx.output('cluster', request.cluster);
      if (request.expiresAt) ctx.output('expiresAt', request.expiresAt);
      if (request.startAt) ctx.output('startAt', request.startAt);

      async function requestGpus(
        body: typeof input,
        bookedStart: string | undefined,
      ): Promise<GpuRequest> {
        // As the user who runs the template, never with the scaffolder's own
        // service credentials: gpu-provisioning refuses service principals on
        // every change, and checks the user's team and the entity's owner.
        const { token } = await options.auth.getPluginRequestToken({
          onBehalfOf: await ctx.getInitiatorCredentials(),
          targetPluginId: 'gpu-provisioning',
        });
        const response = await client.createRequest(
          {
            header: {
              'Idempotency-Key': `scaffolder-${ctx.task.id}-${
                ctx.step?.id ?? 'gpu-request'
              }`,
            },
            body: bookedStart ? { ...body, startAt: bookedStart } : body,
          },
          { token },
        );
        if (!response.ok) {
          // Keep the API's own words (e.g. how much quota is left, or who owns
          // the entity) in the step's error and the task log.
          const error = await ResponseError.fromResponse(response);
          const message = `GPU request refused (${response.status}): ${
            error.body?.error?.message ?? error.message
          }`;
          if (response.status === 403) {
            ctx.logger.error(
              `${message}. Check that you are a member of ${input.team}${
                input.entityRef
                  ? ` and that ${input.entityRef} is owned by it or a team below it`
                  : ''
              }.`,
            );
            throw new NotAllowedError(message);
          }
          throw new Error(message);
        }
        return (await response.json()) as GpuRequest;
      }
    },
  });
}
