import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown in the portal's action list, and run by the action's tests. */
export const registerLocalCatalogExamples: TemplateExample[] = [
  {
    description:
      'Register the catalog-info.yaml of a repository publish:local-git created',
    example: stringify({
      steps: [
        {
          id: 'register',
          action: 'catalog:register-local',
          name: 'Register in the catalog',
          input: {
            repoName: 'assistant-llm-serving',
            catalogInfoPath: 'catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
