export { describeError, isForbidden } from './describeError';
export type { ErrorDescription } from './describeError';
