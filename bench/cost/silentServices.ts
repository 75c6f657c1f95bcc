import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';

/** The cost services' logger and auditor, quiet so they cost nothing. */
export const silentLogger: LoggerService = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => silentLogger,
};

export const silentAuditor: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};
