import { Knex } from 'knex';

/** Prepared statements kept per connection; the least recently used go first. */
const STATEMENTS_PER_CONNECTION = 256;

/** Statements that change the schema: never kept, and they empty the cache. */
const SCHEMA_CHANGE = /^\s*(?:create|alter|drop)\s/i;

const CACHED = Symbol('ai-platform.statementCache');

/** The part of a better-sqlite3 statement and connection the cache touches. */
interface SqliteStatement {
  safeIntegers(toggle: boolean): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  [CACHED]?: true;
}

/**
 * Makes a connection's `prepare` answer from a bounded cache keyed by the SQL
 * text. Knex prepares every statement it runs again, and on SQLite compiling
 * the statement is a fifth to a third of a small read's CPU time, all of it
 * on the event loop.
 */
function cachePrepare(connection: SqliteConnection, safeIntegers: boolean) {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, SqliteStatement>();
  connection.prepare = (sql: string) => {
    if (SCHEMA_CHANGE.test(sql)) {
      statements.clear();
      return prepare(sql);
    }
    const cached = statements.get(sql);
    if (cached) {
      // Most recently used last; Knex may have switched its integer mode.
      statements.delete(sql);
      statements.set(sql, cached);
      cached.safeIntegers(safeIntegers);
      return cached;
    }
    const statement = prepare(sql);
    statements.set(sql, statement);
    if (statements.size > STATEMENTS_PER_CONNECTION) {
      statements.delete(statements.keys().next().value!);
    }
    return statement;
  };
  connection[CACHED] = true;
}

/**
 * Keeps each SQLite connection's prepared statements for reuse, on every
 * connection the client's pool hands out, now or later; other engines are
 * left as they are. A statement runs to its end before Knex returns it
 * (`all` or `run`), so one object serves every later call with the same
 * text; a statement that changes the schema empties the connection's cache.
 * Calling it again on the same client changes nothing.
 */
export function cacheSqliteStatements(db: Knex): void {
  const client = db.client as Knex.Client & {
    _query?: (connection: SqliteConnection, obj: unknown) => Promise<unknown>;
    connectionSettings?: { options?: { safeIntegers?: boolean } };
    [CACHED]?: true;
  };
  if (client.config.client !== 'better-sqlite3' || !client._query) return;
  if (client[CACHED]) return;
  client[CACHED] = true;
  const safeIntegers =
    client.connectionSettings?.options?.safeIntegers ?? false;
  const query = client._query.bind(client);
  client._query = (connection, obj) => {
    if (connection && !connection[CACHED]) {
      cachePrepare(connection, safeIntegers);
    }
    return query(connection, obj);
  };
}
