import { ResponseError } from '@backstage/errors';

/** What to tell the user about a failed call. @public */
export interface ErrorDescription {
  /** HTTP status, when the backend answered. */
  statusCode?: number;
  /** A short title for the kind of failure. */
  title: string;
  /** The backend's own message, or the error's. */
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'The request was not accepted',
  401: 'You are signed out',
  403: 'You are not allowed to do this',
  404: 'Not found',
  409: 'Conflict',
};

/** Turns a thrown error into a title and the backend's message. @public */
export function describeError(error: unknown): ErrorDescription {
  if (
    error instanceof ResponseError ||
    (error as ResponseError)?.name === 'ResponseError'
  ) {
    const e = error as ResponseError;
    return {
      statusCode: e.statusCode,
      title: TITLES[e.statusCode] ?? `Request failed (${e.statusCode})`,
      message: e.cause?.message || e.message,
    };
  }
  return {
    title: 'Something went wrong',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** Whether the backend refused the caller (403), so a view explains who may see it. @public */
export function isForbidden(error: unknown): boolean {
  // Errors built by hand (tests, other clients) may carry the status alone.
  return (
    describeError(error).statusCode === 403 ||
    (error as { statusCode?: number } | undefined)?.statusCode === 403
  );
}
