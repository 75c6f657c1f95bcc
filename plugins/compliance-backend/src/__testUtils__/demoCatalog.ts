import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

/** The repository's demo organisation, demo/catalog/*.yaml. */
export const DEMO_CATALOG_DIR = resolve(__dirname, '../../../../demo/catalog');

/** Every entity of the demo catalog files, as the catalog would serve them. */
export function loadDemoEntities(): Entity[] {
  return readdirSync(DEMO_CATALOG_DIR)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .flatMap(f =>
      parseAllDocuments(readFileSync(join(DEMO_CATALOG_DIR, f), 'utf8'))
        .map(d => d.toJS() as Entity)
        .filter(e => e && e.kind && e.kind !== 'Location'),
    )
    .map(e => ({
      ...e,
      metadata: {
        namespace: 'default',
        ...e.metadata,
        uid: `${e.kind}:${e.metadata.name}`,
      },
    }));
}
