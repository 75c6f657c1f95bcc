/*
 * The DuckDB of the FOCUS ingest, in a process of its own (forked by
 * IngestDuckDbProcess, src/ingest/duckdb/IngestDuckDbProcess.ts), so the
 * memory DuckDB uses while it reads, sorts and sums a file is this
 * process's, not the backend's. Plain JavaScript that loads nothing but
 * DuckDB: it runs in the installed package as in the repository, without
 * a build or a transform. The backend writes every statement (file paths
 * and tag keys are parameters, never SQL text); this process only runs
 * them, one DuckDB at a time, and answers with values as text.
 *
 * Messages (IPC): { id, op: 'open', options } | { id, op: 'run' | 'rows' |
 * 'stream', sql, params } | { id, op: 'next' } (the stream's next chunk) |
 * { id, op: 'close' } | { id, op: 'usage' }; answers { id, result } or
 * { id, error }.
 */
'use strict';

const { DuckDBInstance, LIST, VARCHAR } = require('@duckdb/node-api');

let instance;
let connection;
let stream;

function closeDuckDb() {
  stream = undefined;
  if (connection) connection.closeSync();
  if (instance) instance.closeSync();
  connection = undefined;
  instance = undefined;
}

async function prepare(sql, params) {
  if (!connection) throw new Error('no DuckDB is open');
  const statement = await connection.prepare(sql);
  (params || []).forEach((value, i) => {
    if (value === null) statement.bindNull(i + 1);
    else if (Array.isArray(value))
      statement.bindList(i + 1, value, LIST(VARCHAR));
    else statement.bindVarchar(i + 1, String(value));
  });
  return statement;
}

/** A row's values as text (BigInt, decimals and dates as DuckDB writes them). */
function textRows(rows) {
  return rows.map(row => row.map(v => (v === null ? null : String(v))));
}

async function handle(message) {
  switch (message.op) {
    case 'open':
      closeDuckDb();
      instance = await DuckDBInstance.create(':memory:', message.options);
      connection = await instance.connect();
      return null;
    case 'run':
      await (await prepare(message.sql, message.params)).run();
      return null;
    case 'rows':
      return textRows(
        (
          await (await prepare(message.sql, message.params)).runAndReadAll()
        ).getRows(),
      );
    case 'stream':
      stream = await (await prepare(message.sql, message.params)).stream();
      return null;
    case 'next': {
      if (!stream) return null;
      const chunk = await stream.fetchChunk();
      if (!chunk || chunk.rowCount === 0) {
        stream = undefined;
        return null;
      }
      return textRows(chunk.getRows());
    }
    case 'close':
      closeDuckDb();
      return null;
    case 'usage': {
      const cpu = process.cpuUsage();
      return {
        cpuMs: (cpu.user + cpu.system) / 1000,
        maxRssKiB: process.resourceUsage().maxRSS,
      };
    }
    default:
      throw new Error(`unknown operation ${String(message.op)}`);
  }
}

// One message at a time, in order: DuckDB's connection is not shared.
let queue = Promise.resolve();
let busy = 0;
process.on('message', message => {
  busy++;
  queue = queue.then(async () => {
    try {
      const result = await handle(message);
      if (process.connected) process.send({ id: message.id, result });
    } catch (error) {
      if (process.connected) {
        process.send({ id: message.id, error: String(error) });
      }
    } finally {
      busy--;
    }
  });
});
// The backend went away (stopped, or died mid-ingest): nothing is left to
// do. Closing a DuckDB while a statement still runs in it blocks for good,
// so a busy process ends at once; the temporary directory is the
// backend's to clear.
process.on('disconnect', () => {
  if (busy > 0) {
    process.kill(process.pid, 'SIGKILL');
    return;
  }
  closeDuckDb();
  process.exit(0);
});
