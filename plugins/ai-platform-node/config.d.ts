export interface Config {
  aiPlatform?: {
    organisation?: {
      /**
       * How long every suite backend reuses its read of the catalog's Group
       * tree, and of each user's team membership, before reading it again,
       * in seconds. The catalog publishes no change events, so a team moved
       * or a member added in the catalog shows in roll-ups (cost, GPU usage,
       * compliance) and permission checks at most this long after the
       * catalog has processed it. Default 60.
       */
      cacheSeconds?: number;
    };
  };
}
