import { describeError } from '@ai-platform/plugin-ai-platform-react';

/** What to show instead of a team's quota when it could not be read. @public */
export function quotaErrorText(error: unknown): string {
  const { statusCode, message } = describeError(error);
  if (statusCode === 403) {
    return 'Not visible to you: only the team’s members, members of the teams above it and approvers see its quota.';
  }
  return `Unavailable: ${message}`;
}
