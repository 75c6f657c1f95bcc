import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { Approval } from '@ai-platform/plugin-approvals-common';
import {
  ApprovalWaitSettings,
  formatDuration,
  timeoutOf,
} from '../approval/approvalWaitSettings';
import { nextPause, pause } from '../approval/pause';
import { awaitApprovalExamples } from './awaitApprovalAction.examples';
import { ApprovalsReader, TransientApprovalsError } from './ApprovalsReader';

/** The action's id. */
export const AWAIT_APPROVAL_ACTION_ID = 'ai-platform:approval:await';

/** Where the approvals inbox is mounted in the portal (golden-paths). */
export const APPROVALS_INBOX_PATH = '/golden-paths/approvals';

/** What the first run pins for the rest of the wait, across restarts. */
type PinnedApproval = {
  approvalId: string;
  /** When the wait gives up, ISO 8601. */
  deadline: string;
};

/**
 * `ai-platform:approval:await`: asks the members of a named approver group to
 * approve, waits for their decision, and goes on when one approves, or fails
 * with the approver's reason on a rejection, or after `timeout`.
 *
 * @remarks
 * The approval is recorded on behalf of the user running the template (the
 * requester, who may not approve it); its id and the deadline are pinned in
 * a checkpoint, so after a backend restart task recovery (`startOver`)
 * resumes the same wait instead of asking again. Reads are made with the
 * scaffolder's own service credentials, since a wait of days outlives the
 * user's token. The wait polls on timers with exponential backoff (the
 * timeouts and intervals of `aiPlatform.scaffolder.gpuApproval`); the
 * approval expires at the deadline, is withdrawn when the task is
 * cancelled, and on backend shutdown the step stops without failing the
 * task.
 */
export function createAwaitApprovalAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  settings: ApprovalWaitSettings;
  /** Aborted when the backend shuts down. */
  shutdown: AbortSignal;
}) {
  const { settings, shutdown } = options;
  const approvals = ApprovalsReader.create(options);
  const inboxUrl = `${settings.appBaseUrl}${APPROVALS_INBOX_PATH}`;

  return createTemplateAction({
    id: AWAIT_APPROVAL_ACTION_ID,
    description:
      'Asks the members of an approver group to approve and waits for their decision; fails with the reason when it is rejected, or after the timeout.',
    examples: awaitApprovalExamples,
    supportsDryRun: true,
    schema: {
      input: {
        approverGroup: z =>
          z
            .string()
            .describe(
              'The Group whose members may approve, e.g. group:default/ml-platform; the requester may not approve their own request',
            ),
        title: z =>
          z
            .string()
            .describe(
              'What is to be approved, one line (at most 200 characters)',
            ),
        description: z =>
          z
            .string()
            .optional()
            .describe('More about it, shown to the approvers'),
        timeout: z =>
          z
            .string()
            .optional()
            .describe(
              'How long to wait for a decision, an ISO 8601 duration such as PT72H or P3D; the default and the maximum come from aiPlatform.scaffolder.gpuApproval',
            ),
      },
      output: {
        approvalId: z => z.string().describe('The approval id'),
        status: z => z.string().describe('approved (or dry-run)'),
        decidedBy: z =>
          z.string().optional().describe('The approver, as an entity ref'),
        reason: z =>
          z.string().optional().describe("The approver's comment, if any"),
      },
    },
    async handler(ctx) {
      const timeoutMs = timeoutOf(settings, ctx.input.timeout);
      const { approverGroup, title } = ctx.input;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ask ${approverGroup} to approve "${title}" and wait up to ${formatDuration(
            timeoutMs,
          )}`,
        );
        ctx.output('status', 'dry-run');
        return;
      }

      const pinned = await ctx.checkpoint<PinnedApproval>({
        key: `approval-await.${ctx.step?.id ?? 'approval'}`,
        fn: async () => {
          const deadline = new Date(Date.now() + timeoutMs).toISOString();
          const approval = await approvals.create(
            {
              approverGroup,
              title,
              ...(ctx.input.description
                ? { description: ctx.input.description }
                : {}),
              ...(settings.appBaseUrl
                ? { link: `${settings.appBaseUrl}/create/tasks/${ctx.task.id}` }
                : {}),
              expiresAt: deadline,
            },
            await ctx.getInitiatorCredentials(),
            // Guards the window between the call and the checkpoint being
            // saved: a step run again after a crash gets the same approval.
            `scaffolder-${ctx.task.id}-${ctx.step?.id ?? 'approval'}`,
          );
          return { approvalId: approval.id, deadline };
        },
      });
      const { approvalId } = pinned;
      const deadline = Date.parse(pinned.deadline);
      ctx.output('approvalId', approvalId);
      ctx.logger.info(
        `Approval ${approvalId} ("${title}") is waiting for a member of ${approverGroup}: ${inboxUrl} ; waiting until ${pinned.deadline}`,
        { approvalId, approvalUrl: inboxUrl },
      );

      const withdraw = async (reason: string) =>
        approvals.withdraw(
          approvalId,
          reason,
          await ctx.getInitiatorCredentials().catch(() => undefined),
        );
      // The approval expires at the deadline, so nobody can approve it later.
      const timedOut = () =>
        new Error(
          `No member of ${approverGroup} decided on approval ${approvalId} within ${formatDuration(
            timeoutMs,
          )}; it has expired`,
        );

      let delay = settings.firstPollMs;
      for (;;) {
        let approval: Approval | undefined;
        try {
          approval = await approvals.read(approvalId);
        } catch (error) {
          if (!(error instanceof TransientApprovalsError)) throw error;
          ctx.logger.warn(`${error.message}; asking again`);
        }
        if (approval?.status === 'approved') {
          ctx.logger.info(
            `Approval ${approvalId} was approved by ${approval.decidedBy}${
              approval.reason ? `: ${approval.reason}` : ''
            }`,
            { approvalId },
          );
          ctx.output('status', approval.status);
          if (approval.decidedBy) ctx.output('decidedBy', approval.decidedBy);
          if (approval.reason) ctx.output('reason', approval.reason);
          return;
        }
        if (approval?.status === 'expired') throw timedOut();
        if (approval && approval.status !== 'pending') {
          throw refusal(approval);
        }

        const left = deadline - Date.now();
        if (left <= 0) throw timedOut();
        const end = await pause(Math.min(delay, left), {
          task: ctx.signal,
          shutdown,
        });
        if (end === 'shutdown') {
          ctx.logger.info(
            `The backend is stopping; the wait for approval ${approvalId} resumes when it starts again`,
          );
          await new Promise<never>(() => {});
        }
        if (end === 'cancelled') {
          const result = await withdraw('The task was cancelled');
          throw new Error(
            `The task was cancelled while approval ${approvalId} waited for ${approverGroup}; ${
              result.withdrawn
                ? 'the approval was withdrawn'
                : `it could not be withdrawn (${result.why})`
            }`,
          );
        }
        delay = nextPause(delay, settings.maxPollMs);
      }
    },
  });
}

/** The step's error for an approval that was not given, in the approver's words. */
function refusal(approval: Approval): Error {
  if (approval.status === 'rejected') {
    return new Error(
      `Approval ${approval.id} was rejected by ${
        approval.decidedBy ?? 'an approver'
      }: ${approval.reason ?? 'no reason given'}`,
    );
  }
  return new Error(
    `Approval ${approval.id} was ${approval.status}${
      approval.decidedBy ? ` by ${approval.decidedBy}` : ''
    }${approval.reason ? `: ${approval.reason}` : ''}`,
  );
}
