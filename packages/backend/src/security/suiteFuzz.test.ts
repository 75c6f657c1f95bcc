import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { startPrometheus, PrometheusServer } from '@ai-platform/cluster-sim';
import { POSTGRES_URL_VARIABLE } from '@ai-platform/test-utils';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  databaseConfig,
  DatabaseSnapshot,
  DatabaseTarget,
} from './__testUtils__/databaseSnapshot';
import { listRoutes, PluginRoute } from './__testUtils__/listRoutes';
import { startSuiteBackend } from './__testUtils__/startSuiteBackend';

/** Generated requests per database engine, spread over every route. */
const RUNS = Number(process.env.SUITE_FUZZ_RUNS ?? 10_000);
/** A fixed seed keeps CI reproducible; set SUITE_FUZZ_SEED to explore others. */
const SEED = Number(process.env.SUITE_FUZZ_SEED ?? 20261202);

const demoCatalog = resolve(__dirname, '../../../../demo/catalog');
const entities: Entity[] = [
  'org.yaml',
  'users.yaml',
  'components.yaml',
].flatMap(file =>
  parseAllDocuments(readFileSync(join(demoCatalog, file), 'utf8')).map(
    doc => doc.toJS() as Entity,
  ),
);
const knownRefs = entities.map(e =>
  `${e.kind}:default/${e.metadata.name}`.toLowerCase(),
);

/** Strings users, the catalog and billing files send: valid-looking and hostile. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    ...knownRefs,
    '',
    ' ',
    "' OR 1=1 --",
    '"; DROP TABLE grants; --',
    '{__name__=~".+"}',
    'up or vector(1)',
    '$(rm -rf /)',
    '`id`',
    '../../../../etc/passwd',
    '%2e%2e%2f',
    'A'.repeat(10_000),
    'a.'.repeat(5_000),
    '=HYPERLINK("x")',
    '\u0000',
    '\ud800',
    '1e309',
    '-1',
    'NaN',
    'group:default/',
    'component:default/UPPER',
    'h100',
    '7d',
    'csv',
  ),
);

const queryValue = fc.oneof(
  hostileString,
  fc.array(hostileString, { maxLength: 3 }),
);
const queryKeys = fc.constantFrom(
  'entityRef',
  'groupRef',
  'subjectRef',
  'team',
  'group',
  'window',
  'cluster',
  'from',
  'to',
  'granularity',
  'split',
  'format',
  'control',
  'days',
  'scope',
  'status',
  'limit',
  'provider',
  'x',
);
const query = fc.dictionary(queryKeys, queryValue, { maxKeys: 5 });
const body = fc.oneof(
  fc.json(),
  fc.dictionary(
    fc.constantFrom(
      'team',
      'entityRef',
      'gpuClass',
      'count',
      'durationHours',
      'justification',
      'cluster',
      'subjectRef',
      'checkId',
      'reason',
      'expiresAt',
      'amount',
      'currency',
      'period',
      'hours',
    ),
    fc.oneof(fc.jsonValue(), hostileString, fc.integer()),
    { maxKeys: 8 },
  ),
);

/** A path parameter as a client would send it; a lone surrogate goes as its raw UTF-8 bytes. */
function encodeParam(param: string): string {
  try {
    return encodeURIComponent(param);
  } catch {
    return '%ED%A0%80';
  }
}

function path(route: PluginRoute, param: string): string {
  return route.path.replace(/:[A-Za-z_]\w*/g, encodeParam(param));
}

function queryString(q: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    for (const value of ([] as string[]).concat(v)) params.append(k, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const targets: DatabaseTarget[] = [
  { engine: 'sqlite', directory: '' },
  ...(process.env[POSTGRES_URL_VARIABLE] || process.env.CI
    ? [
        {
          engine: 'postgres' as const,
          url: process.env[POSTGRES_URL_VARIABLE] ?? '',
          prefix: `fuzz_${process.pid}_`,
        },
      ]
    : []),
];

describe.each(targets.map(t => [t.engine, t] as const))(
  'every JSON route of the suite on %s',
  (_engine, target) => {
    let suite: Awaited<ReturnType<typeof startSuiteBackend>>;
    let snapshot: DatabaseSnapshot;
    let routes: PluginRoute[];
    let directory: string | undefined;
    let prometheus: PrometheusServer;
    let prometheusDir: string;

    beforeAll(async () => {
      if (target.engine === 'postgres' && !target.url) {
        throw new Error(`${POSTGRES_URL_VARIABLE} is not set`);
      }
      if (target.engine === 'sqlite') {
        directory = mkdtempSync(join(tmpdir(), 'suite-fuzz-'));
        target.directory = directory;
      }
      // A real, empty Prometheus: GPU usage answers from it, not from an error.
      prometheusDir = mkdtempSync(join(tmpdir(), 'suite-fuzz-prometheus-'));
      prometheus = await startPrometheus(
        join(prometheusDir, 'tsdb'),
        prometheusDir,
      );
      suite = await startSuiteBackend({
        entities,
        config: {
          backend: { database: databaseConfig(target) },
          gpuMetrics: {
            prometheus: [{ cluster: '*', url: prometheus.url }],
            clusterLabel: 'cluster',
          },
        },
      });
      routes = suite.mounted
        .flatMap(m => listRoutes(m.pluginId, m.router))
        .filter(
          r =>
            !r.path.startsWith('/.') &&
            !r.path.endsWith('.csv') &&
            r.path !== '/openapi.json',
        );
      snapshot = DatabaseSnapshot.open(target);
    }, 180_000);

    afterAll(async () => {
      await snapshot?.close();
      await suite?.stop();
      await prometheus?.stop();
      if (prometheusDir)
        rmSync(prometheusDir, { recursive: true, force: true });
      if (directory) rmSync(directory, { recursive: true, force: true });
    });

    it(
      `answers ${RUNS} generated requests without a 5xx and changes nothing when it refuses`,
      async () => {
        const authorization = mockCredentials.user.header('user:default/guest');
        let before = await snapshot.digest();
        expect(Object.keys(before).length).toBeGreaterThan(3);
        const statuses = new Map<number, number>();

        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...routes),
            hostileString,
            query,
            body,
            async (route, param, q, payload) => {
              const method = route.method === 'ALL' ? 'POST' : route.method;
              const res = await fetch(
                `${suite.baseUrl}/api/${route.pluginId}${path(
                  route,
                  param,
                )}${queryString(q)}`,
                {
                  method,
                  headers: {
                    authorization,
                    'content-type': 'application/json',
                  },
                  body:
                    method === 'GET' || method === 'DELETE'
                      ? undefined
                      : JSON.stringify(payload),
                },
              );
              await res.arrayBuffer();
              statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
              const where = `${method} ${route.pluginId}${route.path} answered ${res.status}`;
              if (res.status >= 500) throw new Error(where);
              const after = await snapshot.digest();
              const changed = Object.keys({ ...before, ...after }).filter(
                table => before[table] !== after[table],
              );
              if (res.status >= 400 && changed.length > 0) {
                throw new Error(`${where} and changed ${changed.join(', ')}`);
              }
              before = after;
            },
          ),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
        // The generated requests reach the handlers, not only the validators.
        expect([...statuses.keys()].some(s => s >= 200 && s < 300)).toBe(true);
        expect([...statuses.keys()].some(s => s >= 400 && s < 500)).toBe(true);
      },
      30 * 60_000,
    );
  },
);
