import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown in the portal's action list, and run by the action's tests. */
export const awaitGpuApprovalExamples: TemplateExample[] = [
  {
    description:
      'Wait for an approver to decide on the GPUs requested in the step before (the default timeout)',
    example: stringify({
      steps: [
        {
          id: 'approval',
          action: 'gpu:request:await-approval',
          name: 'Wait for an approver',
          input: { requestId: '${{ steps.gpus.output.requestId }}' },
        },
      ],
    }),
  },
  {
    description: 'Wait at most two days, then give the request back',
    example: stringify({
      steps: [
        {
          id: 'approval',
          action: 'gpu:request:await-approval',
          name: 'Wait for an approver',
          input: {
            requestId: '${{ steps.gpus.output.requestId }}',
            timeout: 'P2D',
          },
        },
      ],
    }),
  },
];
