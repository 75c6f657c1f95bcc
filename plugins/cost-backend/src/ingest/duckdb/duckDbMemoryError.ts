/**
 * DuckDB ran out of the memory one ingest may use
 * (`cost.ingest.duckdbMemoryLimitMiB`): the run fails with this message
 * instead of handing the file to the JavaScript path or keeping it unsorted.
 */
export class DuckDbMemoryLimitError extends Error {
  constructor(limitMiB: number, step: string, cause: unknown) {
    super(
      `DuckDB needed more than cost.ingest.duckdbMemoryLimitMiB (${limitMiB} MiB) to ${step}; ` +
        `raise it or split the file (${String(cause)
          .split('\n')[0]
          .slice(0, 200)})`,
    );
    this.name = 'DuckDbMemoryLimitError';
  }
}

/** Whether `error` is DuckDB's out-of-memory error. */
export function isDuckDbOutOfMemory(error: unknown): boolean {
  return /Out of Memory Error/i.test(String(error));
}

/** Runs `step`; DuckDB's out-of-memory error becomes a {@link DuckDbMemoryLimitError}. */
export async function withinMemoryLimit<T>(
  limitMiB: number,
  step: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isDuckDbOutOfMemory(error)) {
      throw new DuckDbMemoryLimitError(limitMiB, step, error);
    }
    throw error;
  }
}
