import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { parseInput } from '@ai-platform/plugin-ai-platform-node';
import { z as zod } from 'zod';
import {
  ApprovalWaitSettings,
  formatDuration,
  timeoutOf,
} from './approvalWaitSettings';
import { awaitGpuApprovalExamples } from './awaitGpuApprovalAction.examples';
import { GpuRequestReader, TransientReadError } from './GpuRequestReader';
import { nextPause, pause } from './pause';

/** The action's id: the companion of `gpu:request`. */
export const AWAIT_GPU_APPROVAL_ACTION_ID = 'gpu:request:await-approval';

const requestIdSchema = zod.object({
  requestId: zod
    .string()
    .uuid({ message: 'must be the id of a GPU request (a UUID)' }),
});

/** What the first read, as the task's user, pins for the rest of the wait. */
type PinnedWait = {
  requestId: string;
  /** When the wait gives up, ISO 8601: kept across a restart. */
  deadline: string;
};

/** Where a request goes after `pending-approval` without being granted. */
const REFUSED: ReadonlySet<string> = new Set([
  'rejected',
  'released',
  'expired',
  'failed',
]);

/**
 * `gpu:request:await-approval`: waits until an approver decides on the GPU
 * request of an earlier `gpu:request` step, so the template goes on with
 * approved GPUs, fails with the approver's reason, or fails after `timeout`.
 *
 * @remarks
 * The first read is made on behalf of the user running the template, so
 * GPU provisioning's own read rule (the requester, their team or an
 * approver) decides whether this task may watch the request; the request id
 * and the deadline are then pinned in a checkpoint. Later reads are made
 * with the scaffolder's own service credentials: a wait of days outlives the
 * user's token, and service reads are what GPU provisioning allows other
 * plugins. On timeout or cancel the request is withdrawn as the scaffolder,
 * which GPU provisioning recorded as its maker, so the quota is freed even
 * after the user's token has expired. The wait polls on timers with
 * exponential backoff, ends when the
 * task is cancelled, and on backend shutdown stops without failing the task,
 * which task recovery (`startOver`) then resumes on the next start.
 */
export function createAwaitGpuApprovalAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  settings: ApprovalWaitSettings;
  /** Aborted when the backend shuts down. */
  shutdown: AbortSignal;
}) {
  const { settings, shutdown } = options;
  const requests = GpuRequestReader.create(options);
  const pageUrl = (tab: string) =>
    `${settings.appBaseUrl}${settings.gpuPagePath}/${tab}`;

  return createTemplateAction({
    id: AWAIT_GPU_APPROVAL_ACTION_ID,
    description:
      'Waits until an approver approves or rejects the GPU request of a gpu:request step; fails with the reason when it is rejected, or after the timeout.',
    examples: awaitGpuApprovalExamples,
    supportsDryRun: true,
    schema: {
      input: {
        requestId: z =>
          z
            .string()
            .describe(
              'Id of the GPU request, e.g. ${{ steps.gpus.output.requestId }}',
            ),
        timeout: z =>
          z
            .string()
            .optional()
            .describe(
              'How long to wait for a decision, an ISO 8601 duration such as PT72H or P3D; the default and the maximum come from aiPlatform.scaffolder.gpuApproval',
            ),
      },
      output: {
        status: z =>
          z
            .string()
            .describe(
              'The request once granted: approved, provisioning or active',
            ),
        decidedBy: z =>
          z
            .string()
            .optional()
            .describe('The approver, when an approver decided'),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('The namespace of the grant, once provisioning started'),
        expiresAt: z =>
          z.string().optional().describe('When the grant ends, once known'),
      },
    },
    async handler(ctx) {
      const timeoutMs = timeoutOf(settings, ctx.input.timeout);
      if (ctx.isDryRun) {
        // gpu:request's dry run gives a made-up id, not a UUID.
        ctx.logger.info(
          `Dry run: would wait up to ${formatDuration(
            timeoutMs,
          )} for an approver to decide on GPU request ${ctx.input.requestId}`,
        );
        ctx.output('status', 'dry-run');
        return;
      }
      const { requestId } = parseInput(
        requestIdSchema,
        { requestId: ctx.input.requestId },
        { where: 'GPU approval wait' },
      );

      // As the user first: GPU provisioning decides whether they may read it.
      const pinned = await ctx.checkpoint<PinnedWait>({
        key: `await-approval.${requestId}`,
        fn: async () => {
          await requests.read(requestId, await ctx.getInitiatorCredentials());
          return {
            requestId,
            deadline: new Date(Date.now() + timeoutMs).toISOString(),
          };
        },
      });
      const deadline = Date.parse(pinned.deadline);

      let delay = settings.firstPollMs;
      let announced = false;
      for (;;) {
        let request: GpuRequest | undefined;
        try {
          request = await requests.read(requestId);
        } catch (error) {
          if (!(error instanceof TransientReadError)) throw error;
          ctx.logger.warn(`${error.message}; asking again`);
        }
        if (request?.status === 'pending-approval' && !announced) {
          announced = true;
          ctx.logger.info(
            `GPU request ${requestId} (${request.count} ${
              request.gpuClass
            } for ${request.durationHours}h, ${
              request.team
            }) is waiting for an approver: ${pageUrl(
              'approvals',
            )} ; waiting until ${pinned.deadline}`,
            { requestId, approvalUrl: pageUrl('approvals') },
          );
        }
        if (request && request.status !== 'pending-approval') {
          if (REFUSED.has(request.status)) throw refusal(request);
          ctx.logger.info(
            `GPU request ${requestId} is ${request.status}${
              request.decidedBy ? `, approved by ${request.decidedBy}` : ''
            }`,
            { requestId },
          );
          ctx.output('status', request.status);
          if (request.decidedBy) ctx.output('decidedBy', request.decidedBy);
          if (request.namespace) ctx.output('namespace', request.namespace);
          if (request.expiresAt) ctx.output('expiresAt', request.expiresAt);
          return;
        }

        const left = deadline - Date.now();
        if (left <= 0) {
          const release = await ctx.checkpoint({
            key: `await-approval.${requestId}.timeout-release`,
            fn: async () =>
              requests.giveBack(requestId, () => ctx.getInitiatorCredentials()),
          });
          throw new Error(
            `No approver decided on GPU request ${requestId} within ${formatDuration(
              timeoutMs,
            )}; ${
              release.released
                ? 'the request was released, so its quota is free again'
                : `it could not be released (${
                    release.why
                  }) and stays pending approval until an approver decides or you release it at ${pageUrl(
                    'requests',
                  )}`
            }`,
          );
        }
        const end = await pause(Math.min(delay, left), {
          task: ctx.signal,
          shutdown,
        });
        if (end === 'shutdown') {
          // Neither succeed nor fail: the task stays in progress, and task
          // recovery resumes it (this step, from its checkpoint) on the next
          // start. Failing here would end the task for good.
          ctx.logger.info(
            `The backend is stopping; the wait for GPU request ${requestId} resumes when it starts again`,
          );
          await new Promise<never>(() => {});
        }
        if (end === 'cancelled') {
          const release = await requests.giveBack(requestId, () =>
            ctx.getInitiatorCredentials(),
          );
          throw new Error(
            `The task was cancelled while GPU request ${requestId} waited for an approver; ${
              release.released
                ? 'the request was released'
                : `it could not be released (${release.why})`
            }`,
          );
        }
        delay = nextPause(delay, settings.maxPollMs);
      }
    },
  });
}

/** The step's error for a request that will not be granted, in the approver's words. */
function refusal(request: GpuRequest): Error {
  switch (request.status) {
    case 'rejected':
      return new Error(
        `GPU request ${request.id} was rejected by ${
          request.decidedBy ?? 'an approver'
        }: ${request.rejectionReason ?? 'no reason given'}`,
      );
    case 'failed':
      return new Error(
        `GPU request ${request.id} was approved but could not be provisioned: ${
          request.lastError ?? 'no error recorded'
        }`,
      );
    default:
      return new Error(
        `GPU request ${request.id} is ${request.status} and will not be granted`,
      );
  }
}
