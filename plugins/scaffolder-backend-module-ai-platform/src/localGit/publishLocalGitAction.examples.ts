import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown in the portal's action list, and run by the action's tests. */
export const publishLocalGitExamples: TemplateExample[] = [
  {
    description:
      'Publish the generated project to a local git repository under the configured folder',
    example: stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:local-git',
          name: 'Publish to a local git repository',
          input: {
            repoName: 'assistant-llm-serving',
            description: 'vLLM server for the assistant model',
          },
        },
      ],
    }),
  },
  {
    description:
      'Publish only a sub-folder of the workspace, on a named branch',
    example: stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:local-git',
          name: 'Publish to a local git repository',
          input: {
            repoName: 'ranker-training',
            sourcePath: 'project',
            defaultBranch: 'trunk',
            gitAuthorName: 'Golden Path',
            gitAuthorEmail: 'golden-path@acme.example',
          },
        },
      ],
    }),
  },
];
