import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const recordTemplateExamples: TemplateExample[] = [
  {
    description:
      'Record the template, version and skeleton values right after fetch:template (a YAML anchor keeps one list of values)',
    example: stringify({
      steps: [
        {
          id: 'record',
          action: 'ai-platform:template:record',
          name: 'Record the template version',
          input: {
            skeletonStep: 'fetch',
            values: {
              name: 'support-bot',
              owner: 'group:default/conversational-ai',
              apiToken: 'dropped-by-name',
            },
            secretFields: ['apiToken'],
          },
        },
      ],
    }),
  },
];
