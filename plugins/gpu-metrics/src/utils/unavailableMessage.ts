import { ResponseError } from '@backstage/errors';

/**
 * The backend's message when it answered 503 (Prometheus is down), or
 * `undefined` for any other error.
 */
export function unavailableMessage(error: unknown): string | undefined {
  const e = error as Partial<ResponseError> | undefined;
  if (e?.name !== 'ResponseError' || e.statusCode !== 503) {
    return undefined;
  }
  return e.cause?.message || e.message;
}
