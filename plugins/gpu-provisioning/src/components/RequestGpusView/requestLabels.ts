import {
  DATA_CLASSIFICATIONS,
  GPU_PURPOSES,
} from '@ai-platform/plugin-gpu-provisioning-common';

/** People's words for each purpose of a request. */
export const PURPOSE_LABELS: Record<(typeof GPU_PURPOSES)[number], string> = {
  training: 'Training',
  'fine-tuning': 'Fine-tuning',
  inference: 'Inference',
  notebook: 'Notebook (interactive)',
};

/** People's words for each data classification. */
export const CLASSIFICATION_LABELS: Record<
  (typeof DATA_CLASSIFICATIONS)[number],
  string
> = {
  public: 'Public',
  internal: 'Internal',
  confidential: 'Confidential',
  restricted: 'Restricted',
};
