import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const upgradeTemplateExamples: TemplateExample[] = [
  {
    description:
      "Upgrade a project to its template's current version, on a branch template-upgrade/<version> of its local git repository",
    example: stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'ai-platform:template:upgrade',
          name: 'Upgrade from the golden path',
          input: { entityRef: 'component:default/support-bot' },
        },
      ],
    }),
  },
];
