import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** How much of the machine one ingest's DuckDB may use. */
export interface IngestDuckDbSettings {
  /** DuckDB's memory limit; past it, it spills to `tempDirectory`. */
  memoryLimitMiB: number;
  threads: number;
  /** Where DuckDB spills; a folder of the backend's own. */
  tempDirectory: string;
  /** Keep rows in the order read (off unless a step needs it). */
  preserveInsertionOrder?: boolean;
}

/** An in-memory DuckDB for one ingest, closed when the ingest ends. */
export interface IngestDuckDb {
  connection: DuckDBConnection;
  close(): void;
}

/**
 * DuckDB's configuration for one ingest step: no extension is installed or
 * loaded behind our back (the JSON and Parquet code is built in), memory and
 * threads are bounded.
 */
export function ingestDuckDbOptions(
  settings: IngestDuckDbSettings,
): Record<string, string> {
  return {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    memory_limit: `${Math.max(64, Math.floor(settings.memoryLimitMiB))}MB`,
    threads: String(Math.max(1, Math.floor(settings.threads))),
    temp_directory: settings.tempDirectory,
    preserve_insertion_order: settings.preserveInsertionOrder
      ? 'true'
      : 'false',
    // Hand memory DuckDB frees back to the system at once rather than
    // keeping it for reuse (128 MiB and 512 MiB by default), so the
    // process's resident memory follows what the ingest uses.
    allocator_flush_threshold: '8MB',
    allocator_bulk_deallocation_flush_threshold: '8MB',
  };
}

/**
 * Opens an in-memory DuckDB for one ingest: no extension is installed or
 * loaded behind our back (the JSON and Parquet code is built in), memory and
 * threads are bounded, and the configuration is locked so no statement can
 * change it.
 */
export async function openIngestDuckDb(
  settings: IngestDuckDbSettings,
): Promise<IngestDuckDb> {
  const instance = await DuckDBInstance.create(
    ':memory:',
    ingestDuckDbOptions(settings),
  );
  const connection = await instance.connect();
  try {
    await connection.run('SET lock_configuration = true');
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
