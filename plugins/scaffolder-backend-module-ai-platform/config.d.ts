import { HumanDuration } from '@backstage/types';

export interface Config {
  aiPlatform?: {
    scaffolder?: {
      /**
       * Folder where `publish:local-git` creates template repositories, relative to the backend's working directory; defaults to `.data/git-repos`.
       */
      localGitRoot?: string;
      /**
       * Seconds `catalog:register-local` waits for the catalog to show a registered entity; defaults to 60.
       */
      registerTimeoutSeconds?: number;
      /** How `gpu:request:await-approval` waits for an approver. */
      gpuApproval?: {
        /**
         * How long a step waits for a decision when it sets no `timeout`; defaults to 72 hours.
         */
        defaultTimeout?: HumanDuration | string;
        /**
         * The longest `timeout` a step may set; defaults to 7 days.
         */
        maxTimeout?: HumanDuration | string;
        /**
         * The first pause between two reads of the request, doubled after each read; defaults to 5 seconds.
         */
        firstPollInterval?: HumanDuration | string;
        /**
         * The longest pause between two reads; defaults to 5 minutes.
         */
        maxPollInterval?: HumanDuration | string;
        /**
         * Path of the GPU provisioning page in the portal, for the approval link (after `app.baseUrl`); defaults to `/gpu`.
         */
        gpuPagePath?: string;
      };
    };
  };
}
