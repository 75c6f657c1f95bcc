/**
 * `ApiException` of `@kubernetes/client-node`, recognised by shape rather than
 * `instanceof`, so it holds when two copies of the library are installed.
 */
interface ApiExceptionLike {
  code: number;
  body: unknown;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    error instanceof Error &&
    typeof (error as Partial<ApiExceptionLike>).code === 'number' &&
    'body' in error
  );
}

/** The HTTP status of a failed Kubernetes API call; undefined when no response came. */
export function statusCodeOf(error: unknown): number | undefined {
  return isApiException(error) ? error.code : undefined;
}

/** Whether a Kubernetes API call failed because the object does not exist. */
export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/**
 * A short message for a failed Kubernetes API call: the apiserver's `Status`
 * message with its code (`403 Forbidden: ...`), or the transport error's
 * message. Never the request headers that `ApiException` prints.
 */
export function describeApiError(error: unknown): string {
  if (isApiException(error)) {
    let body: unknown = error.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        // not JSON: keep the text
      }
    }
    const status = body as { message?: unknown; reason?: unknown } | undefined;
    let message = 'no message';
    if (typeof status?.message === 'string') message = status.message;
    else if (typeof body === 'string' && body) message = body.slice(0, 500);
    const reason =
      typeof status?.reason === 'string' ? ` ${status.reason}` : '';
    return `${error.code}${reason}: ${message}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
