export interface Config {
  /** Settings of the AI Platform Portal shared by its plugins. */
  aiPlatform?: {
    /**
     * Who may do more than a signed-in user in the portal's permission
     * policy. Entries are entity refs of groups or users
     * (`group:default/platform-engineering`, `user:default/jane`), compared
     * case-insensitively; a group counts for its direct members.
     */
    permissions?: {
      /**
       * Allowed every permission of Backstage's core table (catalog,
       * scaffolder, Kubernetes, including `kubernetes.proxy` with the
       * cluster credentials) and the GPU fleet view; default empty (nobody).
       */
      platformAdmins?: string[];
      /**
       * Register, analyse and remove catalog locations, delete any entity,
       * use "register existing component", manage catalog ingestion and
       * templates (template management and dry run); default empty (nobody).
       */
      catalogAdmins?: string[];
    };
  };

  /** GPU usage. */
  gpuMetrics?: {
    /**
     * Groups or users (entity refs, compared case-insensitively) that read
     * the whole GPU fleet and every team's GPU usage; default empty (only
     * platform admins).
     */
    fleetViewers?: string[];
  };
}
