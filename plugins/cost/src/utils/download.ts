/** Saves a blob as a file through the browser's download. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** A file name from parts: `cost-products-2026-09-01-2026-11-22.csv`. */
export function csvFileName(entityRef: string, from: string, to: string) {
  const name = entityRef
    .replace(/^[^:]*:/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  return `cost-${name}-${from}-${to}.csv`;
}
