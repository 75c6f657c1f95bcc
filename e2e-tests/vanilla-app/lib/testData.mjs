// The test's data in the generated app, as a user following the READMEs would
// add it: the examples' website annotated for the suite, a model entity, and
// FOCUS billing exports tagged with the website's entity ref.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = new URL('..', import.meta.url).pathname;

/** The entity the specs open: a component of the create-app examples. */
export const EXAMPLE_COMPONENT = 'component:default/example-website';
/** The model the test adds (fixtures/entities.yaml). */
export const EXAMPLE_MODEL = 'resource:default/example-llm';

/**
 * Workloads of the simulated fleet carry `backstage.io/kubernetes-id`; the
 * website takes the id of one that holds GPUs on gpu-prod, as the GPU usage
 * README says an entity is linked to its pods.
 */
export const WEBSITE_ANNOTATIONS = {
  'backstage.io/kubernetes-id': 'shared-llm-inference',
  'ai-platform.io/data-classification': 'internal',
};

/** Annotates example-website and appends the test's entities to examples/entities.yaml. */
export function addCatalogData(appDir) {
  const YAML = require('yaml');
  const file = join(appDir, 'examples/entities.yaml');
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
  const website = docs.find(
    d =>
      d.get('kind') === 'Component' &&
      d.getIn(['metadata', 'name']) === 'example-website',
  );
  if (!website) {
    throw new Error(
      `${file} has no example-website component: create-app's examples changed`,
    );
  }
  for (const [key, value] of Object.entries(WEBSITE_ANNOTATIONS)) {
    website.setIn(['metadata', 'annotations', key], value);
  }
  const fixtures = readFileSync(join(HERE, 'fixtures/entities.yaml'), 'utf8');
  const text = `${docs.map(d => d.toString()).join('')}---\n${fixtures}`;
  writeFileSync(file, text);
}

/**
 * FOCUS 1.2 exports for the website, one file per month up to yesterday,
 * from the demo billing generator the portal's own start script uses.
 */
export async function writeBilling({ repoRoot, dir }) {
  const generator = await import(
    pathToFileURL(join(repoRoot, 'scripts/generate-demo-billing.mjs')).href
  );
  const catalog = {
    groups: new Map([['guests', { parent: undefined, costCenter: null }]]),
    components: [{ name: 'example-website', owner: 'guests', type: 'website' }],
    departmentOf: team => team,
  };
  mkdirSync(dir, { recursive: true });
  let rows = 0;
  for (const { monthStart, days } of generator.demoMonths(2)) {
    const lines = days.flatMap(d =>
      generator.demoRowsForDay(d, { seed: 7, catalog }),
    );
    rows += lines.length;
    writeFileSync(
      join(dir, `vanilla-focus-${monthStart.slice(0, 7)}.csv`),
      `${generator.FOCUS_COLUMNS.join(',')}\n${lines.join('\n')}\n`,
    );
  }
  if (rows === 0) throw new Error('the billing generator wrote no rows');
  return rows;
}
