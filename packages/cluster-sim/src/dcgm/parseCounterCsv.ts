/** One uncommented row of a dcgm-exporter counter list. */
export interface CounterCsvEntry {
  /** DCGM field name, for example `DCGM_FI_DEV_GPU_UTIL`. */
  field: string;
  /** Prometheus type as the list declares it: `gauge`, `counter` or `label`. */
  type: string;
  /** HELP text, exactly as the exporter prints it. */
  help: string;
}

/**
 * Parses dcgm-exporter's counter list format (`default-counters.csv`,
 * `dcp-metrics-included.csv`): `FIELD, type, help` per line, `#` starts a
 * comment line. The exporter trims each cell, and the help text is everything
 * after the second comma.
 */
export function parseCounterCsv(text: string): CounterCsvEntry[] {
  const entries: CounterCsvEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const cells = line.split(',');
    if (cells.length < 3) {
      throw new Error(`Malformed counter line: ${raw}`);
    }
    entries.push({
      field: cells[0].trim(),
      type: cells[1].trim(),
      help: cells.slice(2).join(',').trim(),
    });
  }
  return entries;
}
