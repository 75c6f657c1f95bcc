/**
 * The runtime every generated suite API client shares (see
 * `scripts/openapi/generate-clients.mjs`): it finds the backend through
 * discovery, fills the path template with encoded values, writes the query
 * and headers, and sends JSON. Generated clients only add the types.
 */

/**
 * Per-call options: the caller's token, if the fetch API does not add one.
 *
 * @public
 */
export type RequestOptions = {
  token?: string;
};

/**
 * A fetch response whose JSON body has the documented type.
 *
 * @public
 */
export type TypedResponse<T> = Omit<Response, 'json'> & {
  json: () => Promise<T>;
};

/**
 * Where a generated client sends its requests.
 *
 * @public
 */
export interface ApiClientTarget {
  /** The id of the backend plugin the client calls. */
  pluginId: string;
  /** Finds the backend plugin's base URL. */
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** Sends the request, adding the caller's token; the global fetch when absent. */
  fetchApi?: { fetch: typeof fetch };
}

/**
 * The parts of one request, as the OpenAPI document names them.
 *
 * @public
 */
export type ApiRequestParts = {
  path?: Record<string, string | number>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  body?: unknown;
};

/**
 * Sends one request of a generated client. Path values are URI-encoded, so
 * an id cannot change the route; array query values repeat the parameter.
 *
 * @public
 */
export async function sendApiRequest<T>(
  target: ApiClientTarget,
  method: string,
  template: string,
  request: ApiRequestParts,
  options?: RequestOptions,
): Promise<TypedResponse<T>> {
  const baseUrl = await target.discoveryApi.getBaseUrl(target.pluginId);
  const pathname = template
    .split('/')
    .map(segment =>
      segment.startsWith('{') && segment.endsWith('}')
        ? encodeURIComponent(String(request.path?.[segment.slice(1, -1)]))
        : segment,
    )
    .join('/');
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) query.append(name, String(item));
    }
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.header ?? {})) {
    if (value !== undefined) headers[name] = String(value);
  }
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (options?.token) headers.authorization = `Bearer ${options.token}`;
  const search = query.toString() ? `?${query}` : '';
  const fetchApi = target.fetchApi ?? { fetch: (...args) => fetch(...args) };
  return fetchApi.fetch(`${baseUrl}${pathname}${search}`, {
    method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
}
