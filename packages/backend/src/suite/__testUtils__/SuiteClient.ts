import { mockCredentials } from '@backstage/backend-test-utils';

/**
 * Calls the suite backend's HTTP API as a signed-in user, the way the
 * portal's frontend does: real requests, real `Authorization` header,
 * JSON answers; a failed call throws with its status and body.
 */
export class SuiteClient {
  constructor(
    private readonly baseUrl: string,
    private readonly userRef = 'user:default/guest',
  ) {}

  get<T>(pluginId: string, path: string, query: Record<string, string> = {}) {
    return this.call<T>('GET', pluginId, path, query);
  }

  post<T>(
    pluginId: string,
    path: string,
    options: { query?: Record<string, string>; body?: string; type?: string },
  ) {
    return this.call<T>('POST', pluginId, path, options.query ?? {}, {
      body: options.body ?? '{}',
      type: options.type ?? 'application/json',
    });
  }

  private async call<T>(
    method: string,
    pluginId: string,
    path: string,
    query: Record<string, string>,
    payload?: { body: string; type: string },
  ): Promise<T> {
    const search = new URLSearchParams(query).toString();
    const url = `${this.baseUrl}/api/${pluginId}${path}${
      search ? `?${search}` : ''
    }`;
    const response = await fetch(url, {
      method,
      headers: {
        authorization: mockCredentials.user.header(this.userRef),
        ...(payload ? { 'content-type': payload.type } : {}),
      },
      body: payload?.body,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(
        `${method} /api/${pluginId}${path} answered ${response.status}: ${text}`,
      );
    }
    return JSON.parse(text) as T;
  }
}
