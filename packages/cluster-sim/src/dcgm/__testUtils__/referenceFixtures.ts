import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFixturesDir } from '../../schema/findFixturesDir';

/**
 * Where the public reference data lives (dcgm-exporter scrapes, counter
 * lists, Prometheus API answers): `$AI_PLATFORM_FIXTURES_DIR` or
 * `<repo>/../shared/fixtures`. Not copied into the repository; missing data
 * fails the tests that need it.
 */
function fixturesDir(): string {
  const dir = findFixturesDir();
  if (!dir) {
    throw new Error(
      'Reference fixtures not found: set AI_PLATFORM_FIXTURES_DIR or provide <repo root>/../shared/fixtures',
    );
  }
  return dir;
}

/** A file of the dcgm-exporter reference data, as text. */
export function readDcgmFixture(name: string): string {
  return readFileSync(join(fixturesDir(), 'dcgm-exporter', name), 'utf8');
}
