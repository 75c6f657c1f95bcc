import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the public reference data lives (dcgm-exporter scrapes, counter
 * lists, Prometheus API answers). Not copied into the repository; override
 * with CLUSTER_SIM_FIXTURES.
 */
export const FIXTURES_DIR =
  process.env.CLUSTER_SIM_FIXTURES ?? '/work/shared/fixtures';

/** A file of the dcgm-exporter reference data, as text. */
export function readDcgmFixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, 'dcgm-exporter', name), 'utf8');
}
