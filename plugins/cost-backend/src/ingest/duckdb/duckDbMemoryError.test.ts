import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DuckDbMemoryLimitError,
  isDuckDbOutOfMemory,
  withinMemoryLimit,
} from './duckDbMemoryError';
import { openIngestDuckDb } from './openIngestDuckDb';

describe('withinMemoryLimit', () => {
  const directory = mkdtempSync(join(tmpdir(), 'cost-duckdb-memory-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("turns DuckDB's out-of-memory error into one naming the setting", async () => {
    const duck = await openIngestDuckDb({
      memoryLimitMiB: 64,
      threads: 1,
      tempDirectory: directory,
    });
    try {
      // A 200 MB string cannot spill: past the limit DuckDB gives up.
      const step = withinMemoryLimit(64, 'sum the daily roll-up', () =>
        duck.connection.run(
          "SELECT length(string_agg(repeat('x', 1000), '')) FROM range(200000)",
        ),
      );
      await expect(step).rejects.toThrow(DuckDbMemoryLimitError);
      await expect(step).rejects.toThrow(
        /^DuckDB needed more than cost\.ingest\.duckdbMemoryLimitMiB \(64 MiB\) to sum the daily roll-up; raise it or split the file \(.*Out of Memory Error/,
      );
    } finally {
      duck.close();
    }
  });

  it('leaves other errors as they are', async () => {
    const error = new Error('Parser Error: syntax error');
    await expect(
      withinMemoryLimit(64, 'read the file', () => Promise.reject(error)),
    ).rejects.toBe(error);
    expect(isDuckDbOutOfMemory(error)).toBe(false);
  });
});
