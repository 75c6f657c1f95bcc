/** A file name from parts: `cost-products-2026-09-01-2026-11-22.csv`. */
export function csvFileName(entityRef: string, from: string, to: string) {
  const name = entityRef
    .replace(/^[^:]*:/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  return `cost-${name}-${from}-${to}.csv`;
}
