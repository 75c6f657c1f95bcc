import knexFactory, { Knex } from 'knex';
import { cacheSqliteStatements } from './cacheSqliteStatements';

function sqlite(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
}

/** Counts the statements the connection really compiles. */
async function countCompiles(db: Knex): Promise<{ sql: string[] }> {
  const compiled = { sql: [] as string[] };
  const connection = await db.client.acquireConnection();
  const Database = Object.getPrototypeOf(connection);
  const prepare = Database.prepare;
  // Spy on the connection's own prepare, under the cache's wrapper.
  connection.prepare = function spied(this: unknown, sql: string) {
    compiled.sql.push(sql);
    return prepare.call(connection, sql);
  };
  await db.client.releaseConnection(connection);
  return compiled;
}

describe('cacheSqliteStatements', () => {
  let db: Knex;
  beforeEach(async () => {
    db = sqlite();
    await db.schema.createTable('items', t => {
      t.integer('id').primary();
      t.string('name');
    });
  });
  afterEach(() => db.destroy());

  it('compiles a statement once and answers the same as without the cache', async () => {
    const compiled = await countCompiles(db);
    cacheSqliteStatements(db);
    await db('items').insert({ id: 1, name: 'a' });
    await db('items').insert({ id: 2, name: 'b' });
    const reads = [];
    for (let i = 0; i < 5; i++) {
      reads.push(await db('items').where('id', '>', 1).select('name'));
    }
    expect(reads).toEqual(Array(5).fill([{ name: 'b' }]));
    expect(compiled.sql.filter(s => s.startsWith('select')).length).toBe(1);
    expect(compiled.sql.filter(s => s.startsWith('insert')).length).toBe(1);
    expect(await db('items').count({ n: '*' })).toEqual([{ n: 2 }]);
  });

  it('empties the cache when the schema changes, so reads see the new columns', async () => {
    const compiled = await countCompiles(db);
    cacheSqliteStatements(db);
    await db('items').insert({ id: 1, name: 'a' });
    expect(await db('items').select('*')).toEqual([{ id: 1, name: 'a' }]);
    await db.schema.alterTable('items', t => t.integer('size'));
    await db('items').update({ size: 3 });
    expect(await db('items').select('*')).toEqual([
      { id: 1, name: 'a', size: 3 },
    ]);
    expect(compiled.sql.filter(s => s === 'select * from `items`').length).toBe(
      2,
    );
  });

  it('gives each call the integer mode it asks for, not the last caller’s', async () => {
    cacheSqliteStatements(db);
    await db('items').insert({ id: 1, name: 'a' });
    const read = (safeIntegers?: boolean) =>
      db('items')
        .select('id')
        .options(safeIntegers === undefined ? {} : { safeIntegers });
    expect(await read(true)).toEqual([{ id: 1n }]);
    expect(await read()).toEqual([{ id: 1 }]);
  });

  it('keeps at most 256 statements per connection', async () => {
    const compiled = await countCompiles(db);
    cacheSqliteStatements(db);
    for (let i = 0; i < 300; i++)
      await db('items').where('id', '=', db.raw(String(i)));
    // The first is gone (compiled again), the last is still kept.
    await db('items').where('id', '=', db.raw('0'));
    await db('items').where('id', '=', db.raw('299'));
    const selects = compiled.sql.filter(s => s.startsWith('select'));
    expect(selects.length).toBe(301);
  });

  it('leaves other engines alone and is applied once', () => {
    const pg = knexFactory({ client: 'pg' });
    const query = (pg.client as any)._query;
    cacheSqliteStatements(pg);
    expect((pg.client as any)._query).toBe(query);
    cacheSqliteStatements(db);
    const wrapped = (db.client as any)._query;
    cacheSqliteStatements(db);
    expect((db.client as any)._query).toBe(wrapped);
  });
});
