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
    };
  };
}
