import { ResponseError } from '@backstage/errors';

function responseError(
  error: unknown,
  statusCode: number,
): ResponseError | undefined {
  const e = error as Partial<ResponseError> | undefined;
  return e?.name === 'ResponseError' && e.statusCode === statusCode
    ? (e as ResponseError)
    : undefined;
}

/** The backend's own message of a failed call, without the status prefix. */
function backendMessage(e: ResponseError): string {
  return e.body?.error?.message || e.cause?.message || e.message;
}

/**
 * The backend's message when it answered 503 (Prometheus is down), or
 * `undefined` for any other error.
 */
export function unavailableMessage(error: unknown): string | undefined {
  const e = responseError(error, 503);
  return e ? backendMessage(e) : undefined;
}

/**
 * The backend's message when it refused the request as invalid (400), e.g.
 * an entity annotation that does not follow the Kubernetes grammar.
 */
export function invalidMessage(error: unknown): string | undefined {
  const e = responseError(error, 400);
  return e ? backendMessage(e) : undefined;
}
