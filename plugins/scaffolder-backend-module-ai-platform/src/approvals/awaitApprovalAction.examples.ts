import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown in the portal's action list, and run by the action's tests. */
export const awaitApprovalExamples: TemplateExample[] = [
  {
    description:
      'Wait until a member of ml-platform approves publishing the model (the default timeout)',
    example: stringify({
      steps: [
        {
          id: 'approval',
          action: 'ai-platform:approval:await',
          name: 'Wait for ml-platform to approve',
          input: {
            approverGroup: 'group:default/ml-platform',
            title: 'Publish model ${{ parameters.name }} to production',
            description:
              'The model card and evaluation are in the repository of ${{ parameters.name }}.',
          },
        },
      ],
    }),
  },
  {
    description: 'Wait at most three days, then fail the task',
    example: stringify({
      steps: [
        {
          id: 'approval',
          action: 'ai-platform:approval:await',
          name: 'Wait for ml-platform to approve',
          input: {
            approverGroup: 'group:default/ml-platform',
            title: 'Publish model ${{ parameters.name }} to production',
            timeout: 'P3D',
          },
        },
      ],
    }),
  },
];
