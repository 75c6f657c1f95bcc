import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown in the portal's action list, and run by the action's tests. */
export const gpuRequestExamples: TemplateExample[] = [
  {
    description: 'Two H100 GPUs for a day of fine-tuning on confidential data',
    example: stringify({
      steps: [
        {
          id: 'gpus',
          action: 'gpu:request',
          name: 'Request GPUs',
          input: {
            team: 'group:default/conversational-ai',
            entityRef: 'component:default/assistant-llm-finetune',
            cluster: 'gpu-prod',
            gpuClass: 'h100',
            count: 2,
            durationHours: 24,
            purpose: 'fine-tuning',
            dataClassification: 'confidential',
            justification:
              'LoRA fine-tuning of the assistant model on support transcripts',
          },
        },
      ],
    }),
  },
  {
    description: 'One MIG slice for a notebook',
    example: stringify({
      steps: [
        {
          id: 'gpus',
          action: 'gpu:request',
          name: 'Request a MIG slice',
          input: {
            team: 'group:default/ml-platform',
            cluster: 'gpu-prod',
            gpuClass: 'h100',
            migProfile: '1g.10gb',
            count: 1,
            durationHours: 8,
            purpose: 'notebook',
            dataClassification: 'internal',
            justification: 'Exploring embeddings for the model gateway',
          },
        },
      ],
    }),
  },
  {
    description:
      'Eight H100 GPUs booked for a later window (a night of training), set up at its start',
    example: stringify({
      steps: [
        {
          id: 'gpus',
          action: 'gpu:request',
          name: 'Book GPUs for tonight',
          input: {
            team: 'group:default/conversational-ai',
            entityRef: 'component:default/assistant-llm-finetune',
            cluster: 'gpu-prod',
            gpuClass: 'h100',
            count: 8,
            durationHours: 8,
            purpose: 'training',
            dataClassification: 'internal',
            justification:
              'Nightly training run of the assistant model on new transcripts',
            startAt: '2026-12-04T22:00:00Z',
          },
        },
      ],
    }),
  },
];
