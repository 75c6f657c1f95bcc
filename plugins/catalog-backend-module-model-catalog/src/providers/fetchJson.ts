import { ResponseError } from '@backstage/errors';

/** GETs JSON with an optional bearer token; non-2xx responses become `ResponseError`s. */
export async function fetchJson(
  url: URL,
  options: { token?: string; timeoutMs?: number },
): Promise<unknown> {
  const response = await fetch(url, {
    headers: {
      accept: 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(
      `${url.origin}${
        url.pathname
      } answered with something that is not JSON: ${text.slice(0, 100)}`,
    );
  }
}
