import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbProcessError, IngestDuckDbProcess } from './IngestDuckDbProcess';
import { isDuckDbOutOfMemory } from './duckDbMemoryError';
import { ingestDuckDbOptions } from './openIngestDuckDb';

jest.setTimeout(60_000);

describe('IngestDuckDbProcess', () => {
  const directory = mkdtempSync(join(tmpdir(), 'cost-duckdb-process-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const settings = { memoryLimitMiB: 64, threads: 1, tempDirectory: directory };

  it('runs statements in a process of its own, parameters bound as data', async () => {
    const duckdb = await IngestDuckDbProcess.start();
    try {
      expect(duckdb.pid).not.toBe(process.pid);
      const session = await duckdb.open(settings);
      await session.run('CREATE TABLE t (k VARCHAR, v VARCHAR)');
      await session.run('INSERT INTO t SELECT unnest($1), unnest($2)', [
        ["a'; DROP TABLE t; --", 'b'],
        ['1', '2'],
      ]);
      expect(
        await session.rows(
          'SELECT k, v, count(*) OVER ()::BIGINT, NULL FROM t ORDER BY k',
        ),
      ).toEqual([
        ["a'; DROP TABLE t; --", '1', '2', null],
        ['b', '2', '2', null],
      ]);
      const chunks: string[][] = [];
      for await (const rows of session.stream(
        'SELECT i::VARCHAR FROM range(5000) r(i) WHERE i >= $1::INTEGER',
        ['10'],
      )) {
        chunks.push(rows.map(([i]) => i!));
      }
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.flat()).toHaveLength(4990);
      // The configuration is locked: no statement can lift the limits.
      await expect(session.run("SET memory_limit = '10GB'")).rejects.toThrow(
        /configuration/i,
      );
      await session.close();
      expect((await duckdb.usage()).maxRssMiB).toBeGreaterThan(0);
    } finally {
      await duckdb.stop();
    }
  });

  it("passes DuckDB's errors on as they are, out of memory among them", async () => {
    const duckdb = await IngestDuckDbProcess.start();
    try {
      const session = await duckdb.open(settings);
      const error = await session
        .run(
          "SELECT length(string_agg(repeat('x', 1000), '')) FROM range(200000)",
        )
        .catch(e => e);
      expect(isDuckDbOutOfMemory(error)).toBe(true);
      await expect(session.rows('SELEC 1')).rejects.toThrow(/Parser Error/);
      // The process is still there for the next statement.
      expect(await session.rows('SELECT 42')).toEqual([['42']]);
    } finally {
      await duckdb.stop();
    }
  });

  it('fails every call, naming how it ended, when the process dies', async () => {
    const duckdb = await IngestDuckDbProcess.start();
    const session = await duckdb.open(settings);
    const running = session.run(
      'SELECT count(*) FROM range(1000000000) a, range(1000) b',
    );
    process.kill(duckdb.pid!, 'SIGKILL');
    await expect(running).rejects.toThrow(DuckDbProcessError);
    await expect(running).rejects.toThrow(
      /DuckDB process \(pid \d+\) ended unexpectedly \(signal SIGKILL\)/,
    );
    await expect(session.rows('SELECT 1')).rejects.toThrow(DuckDbProcessError);
    await duckdb.stop();
  });

  it('stops a process in the middle of a statement', async () => {
    const duckdb = await IngestDuckDbProcess.start();
    const session = await duckdb.open(settings);
    const running = session
      .run('SELECT count(*) FROM range(1000000000) a, range(1000) b')
      .catch(e => e);
    await duckdb.stop();
    expect(await running).toBeInstanceOf(DuckDbProcessError);
    expect(() => process.kill(duckdb.pid!, 0)).toThrow();
  });

  it('ends by itself when the backend goes away in the middle of a statement', async () => {
    // The backend's side of the channel closes as when the backend dies
    // (a replica killed mid-ingest): the process must not outlive it.
    const child = fork(
      join(__dirname, '../../../worker/ingestDuckDbWorker.cjs'),
      [],
      {
        execArgv: [],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      },
    );
    const ended = new Promise<void>(resolve =>
      child.once('exit', () => resolve()),
    );
    const answered = (id: number) =>
      new Promise<void>(resolve =>
        child.on('message', (m: { id: number }) => m.id === id && resolve()),
      );
    child.send({
      id: 1,
      op: 'open',
      options: ingestDuckDbOptions(settings),
    });
    await answered(1);
    child.send({
      id: 2,
      op: 'run',
      sql: 'SELECT count(*) FROM range(1000000000) a, range(1000) b',
      params: [],
    });
    await new Promise(resolve => setTimeout(resolve, 300));
    child.disconnect();
    const within = await Promise.race([
      ended.then(() => true),
      new Promise<boolean>(resolve => setTimeout(() => resolve(false), 10_000)),
    ]);
    if (!within) child.kill('SIGKILL');
    expect(within).toBe(true);
  });
});
