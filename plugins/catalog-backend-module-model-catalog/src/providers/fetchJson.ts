import { ResponseError } from '@backstage/errors';

/**
 * GETs JSON with an optional bearer token; non-2xx responses become
 * `ResponseError`s (their message has the status, not the URL).
 *
 * @remarks
 * Messages never carry the URL or the token: they end up in entity
 * annotations and processing errors that every catalog reader sees, and the
 * registry's address is configuration. The model source's id names it.
 */
export async function fetchJson(
  url: URL,
  options: { token?: string; timeoutMs?: number },
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        accept: 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const timedOut = (error as Error)?.name === 'TimeoutError';
    throw new Error(
      timedOut
        ? 'the registry did not answer in time'
        : 'the registry could not be reached',
      { cause: error },
    );
  }
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('the registry answered with something that is not JSON');
  }
}
