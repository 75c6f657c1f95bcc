/** Rows of the generated FOCUS file the ingest reads. */
export const ROWS = Number(process.env.COST_BENCH_ROWS ?? 1_000_000);
/**
 * Days the generated file covers (COST_BENCH_DAYS): a year by default; 31
 * is the usual monthly billing export.
 */
export const DAYS = Number(process.env.COST_BENCH_DAYS ?? 365);
/** Line items loaded for the query load (0 skips it). */
export const LINE_ITEMS = Number(
  process.env.COST_BENCH_LINE_ITEMS ?? 10_000_000,
);
/** Queries per reader, after two to warm up. */
export const QUERY_RUNS = 30;
export const READERS = 20;
export const TEAMS = 40;
export const DEPARTMENTS = 8;

export const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

export function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}
