import knexFactory, { Knex } from 'knex';
import { Replica } from './replica';

/** A user's backend token, as the frontend gets it from the replica's guest sign-in. */
export async function signIn(replica: Replica): Promise<string> {
  const res = await fetch(`${replica.baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`${replica.name}: guest sign-in failed with ${res.status}`);
  }
  return (await res.json()).backstageIdentity.token;
}

/**
 * A user's backend token from a production replica, signed in as
 * oauth2-proxy signs users in: the proxy's headers name a User entity of
 * the catalog (the smoke test's organisation), and the app asks the
 * oauth2Proxy provider for the token, as its sign-in page does.
 */
export async function signInThroughProxy(
  replica: Replica,
  user: string,
): Promise<string> {
  const res = await fetch(`${replica.baseUrl}/api/auth/oauth2Proxy/refresh`, {
    headers: {
      'x-requested-with': 'XMLHttpRequest',
      'x-forwarded-user': user,
      'x-forwarded-email': `${user}@acme.example`,
    },
  });
  if (!res.ok) {
    throw new Error(
      `${replica.name}: sign-in as ${user} through oauth2Proxy failed with ${res.status}`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}

/** One answer of the API. */
export interface Answer<T = any> {
  status: number;
  body: T;
}

/** Calls a replica's API as a user. */
export async function call<T = any>(
  replica: Replica,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const res = await fetch(`${replica.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T };
}

/** Polls until `check` returns a value, or fails naming what it waited for. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 120_000,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${
          last ? `: ${last}` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, everyMs));
  }
}

/** Direct reads of a plugin's database, to count what the API does not show. */
export class PluginDatabases {
  private readonly clients = new Map<string, Knex>();

  constructor(private readonly port: number) {}

  /** The database of a plugin (Backstage's default: one database per plugin). */
  of(pluginId: string): Knex {
    let client = this.clients.get(pluginId);
    if (!client) {
      client = knexFactory({
        client: 'pg',
        connection: {
          host: '127.0.0.1',
          port: this.port,
          user: 'postgres',
          database: `backstage_plugin_${pluginId}`,
        },
        pool: { min: 0, max: 2 },
      });
      this.clients.set(pluginId, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map(c => c.destroy()));
  }
}
