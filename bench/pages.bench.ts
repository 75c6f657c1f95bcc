/* eslint-disable no-console */
// Page speed of the suite as a user's browser sees it, on the production
// build (the frontend built and served by the backend), signed in as guest.
//
// For each suite page (/gpu, /gpu-usage, /cost, /compliance, /models, a
// component's overview and its suite tabs, a team's overview and its suite
// tabs) and, as the reference, Backstage's own catalog table: full loads in a
// fresh browser context (empty HTTP cache), timed from navigation until the
// elements that show the page's data are visible. From the browser's own
// response records: JavaScript bytes transferred, API answers (count, bytes
// transferred and decoded) and the largest API answer. Flags a page whose
// data takes over 2 s and an API answer over 200 KB. The first load of each
// page comes before any other load of it (the backend's caches are cold);
// the median is over every load.
//
// Chunks: which JavaScript files each page loads beyond the initial ones
// (index.html's), and, from the build's source maps, which suite plugin's
// components (`src/components/`) each holds. Those must sit in lazily loaded
// chunks of their own: a component in an initial file, or components of two
// suite plugins in one chunk, is listed under chunkProblems. Each page also
// lists its API calls with when they were asked and answered, which shows
// waterfalls.
//
// The portal: BENCH_PAGES_URL measures one already running (the production
// build served by its backend); otherwise ./scripts/start runs it in its own
// process group with AI_PLATFORM_PORT_OFFSET=BENCH_PAGES_PORT_OFFSET (100)
// and a throwaway AI_PLATFORM_DATA_DIR, and is stopped at the end.
// Chromium: BENCH_PAGES_CHROMIUM (/usr/bin/chromium), in its own process.
// BENCH_PAGES_RUNS (3) loads per page; BENCH_PAGES_ONLY (comma-separated page
// names) measures a subset.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Browser,
  BrowserContext,
  chromium,
  Locator,
  Page,
  Request,
} from 'playwright-core';

const RUNS = Number(process.env.BENCH_PAGES_RUNS ?? 3);
const PORT_OFFSET = Number(process.env.BENCH_PAGES_PORT_OFFSET ?? 100);
const CHROMIUM = process.env.BENCH_PAGES_CHROMIUM ?? '/usr/bin/chromium';
const ONLY = (process.env.BENCH_PAGES_ONLY ?? '').split(',').filter(Boolean);
const PAGE_BUDGET_MS = 2000;
const ANSWER_BUDGET_BYTES = 200 * 1024;
const DRAWN_TIMEOUT_MS = 90_000;
const repoRoot = join(__dirname, '..');

/** A page and the elements that show its data. */
interface PageSpec {
  name: string;
  path: string;
  drawn: (page: Page) => Locator[];
}

const COMPONENT = '/catalog/default/component/assistant-api';
const TEAM = '/catalog/default/group/ml-platform';

const gpuAllocations = (page: Page) =>
  page
    .getByRole('heading', { name: 'No GPUs allocated' })
    .or(page.getByRole('list', { name: /^GPU grants of / }));

const SUITE_PAGES: PageSpec[] = [
  {
    name: 'gpu-provisioning',
    path: '/gpu',
    drawn: page => [
      page.getByRole('figure', { name: 'Whole GPUs on gpu-prod' }),
      page.getByRole('figure', { name: 'Whole GPUs on gpu-dev' }),
    ],
  },
  {
    name: 'gpu-usage',
    path: '/gpu-usage',
    drawn: page => [
      page.getByRole('figure', { name: /^Utilisation histogram of / }).first(),
      page.getByRole('figure', { name: 'Utilisation heat map' }),
      page
        .getByRole('table')
        .filter({ hasText: 'Wasted GPU-hours' })
        .getByRole('link')
        .first(),
    ],
  },
  {
    name: 'cost',
    path: '/cost',
    drawn: page => [
      page.getByRole('figure', { name: 'Cost over time' }),
      page.getByText('Top spenders'),
    ],
  },
  {
    name: 'compliance',
    path: '/compliance',
    drawn: page => [
      page
        .getByRole('table', { name: 'Compliance heat map' })
        .getByRole('link')
        .first(),
    ],
  },
  {
    name: 'models',
    path: '/models',
    drawn: page => [
      page.getByText(/^\d+ of \d+ models$/),
      page.getByRole('link', { name: 'Llama 3.1 8B Instruct', exact: true }),
    ],
  },
  {
    name: 'component',
    path: COMPONENT,
    drawn: page => [
      page.getByText('SOC 2 (Trust Services Criteria)').first(),
      page.getByRole('figure', {
        name: 'Daily cost over the last three months',
      }),
      page.getByRole('figure', {
        name: 'GPU utilisation and memory over time',
      }),
      gpuAllocations(page),
    ],
  },
  {
    name: 'component-compliance',
    path: `${COMPONENT}/compliance`,
    drawn: page => [
      page.getByRole('heading', { name: 'Checks' }),
      page.getByText('Owning team not bound to cluster-admin').first(),
    ],
  },
  {
    name: 'team',
    path: TEAM,
    drawn: page => [
      page.getByRole('figure', {
        name: 'Daily cost over the last three months',
      }),
      page.getByRole('figure', {
        name: 'GPU utilisation and memory over time',
      }),
      gpuAllocations(page),
    ],
  },
  {
    name: 'team-cost',
    path: `${TEAM}/cost`,
    drawn: page => [
      page.getByRole('figure', { name: 'Spend by team over time' }),
    ],
  },
  {
    name: 'team-compliance',
    path: `${TEAM}/compliance`,
    drawn: page => [
      page
        .getByRole('table', { name: 'Compliance heat map' })
        .getByRole('link')
        .first(),
    ],
  },
];

/** Backstage's own catalog table, measured the same way. */
const REFERENCE: PageSpec = {
  name: 'catalog',
  path: '/catalog',
  drawn: page => [page.getByRole('link', { name: 'assistant-api' }).first()],
};

/** One response as the browser recorded it. */
interface Received {
  url: URL;
  type: string;
  /** Body bytes on the wire (compressed where the server compressed). */
  transferred: number;
  /** Body bytes after decoding; for API answers only. */
  decoded: number;
  /** When the page asked, in ms from the navigation's start. */
  startMs: number;
  /** When the browser had the whole body, in ms from the navigation's start. */
  atMs: number;
}

interface Load {
  drawnMs: number | null;
  /** Each element that shows data, by its locator: when it was visible. */
  elementsMs: Record<string, number | null>;
  received: Received[];
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

async function receivedOf(
  request: Request,
  startMs: number,
  atMs: number,
): Promise<Received | undefined> {
  try {
    const response = await request.response();
    if (!response) return undefined;
    const type = request.resourceType();
    const sizes = await request.sizes();
    const decoded =
      type === 'fetch' || type === 'xhr' ? (await response.body()).length : 0;
    return {
      url: new URL(request.url()),
      type,
      transferred: Math.max(0, sizes.responseBodySize),
      decoded,
      startMs: Math.round(startMs),
      atMs: Math.round(atMs),
    };
  } catch {
    // The context closed before the browser had the body (a request the
    // page started after it was measured).
    return undefined;
  }
}

async function loadOnce(
  browser: Browser,
  baseURL: string,
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>,
  spec: PageSpec,
): Promise<Load> {
  const context = await browser.newContext({
    baseURL,
    storageState,
    viewport: { width: 1440, height: 900 },
  });
  try {
    const page = await context.newPage();
    const pending: Array<Promise<Received | undefined>> = [];
    const started = performance.now();
    const asked = new Map<Request, number>();
    page.on('request', request =>
      asked.set(request, performance.now() - started),
    );
    page.on('requestfinished', request =>
      pending.push(
        receivedOf(
          request,
          asked.get(request) ?? 0,
          performance.now() - started,
        ),
      ),
    );
    await page.goto(spec.path, { waitUntil: 'commit' });
    // When each element showed, to tell which one the page waited for.
    const elementsMs: Record<string, number | null> = {};
    await Promise.all(
      spec.drawn(page).map(async locator => {
        const name = String(locator).slice(0, 120);
        try {
          await locator.waitFor({
            state: 'visible',
            timeout: DRAWN_TIMEOUT_MS,
          });
          elementsMs[name] = Math.round(performance.now() - started);
        } catch (error) {
          elementsMs[name] = null;
          console.error(
            `  ${spec.name}: not drawn: ${
              (error as Error).message.split('\n')[0]
            }`,
          );
        }
      }),
    );
    const times = Object.values(elementsMs);
    const drawnMs = times.includes(null)
      ? null
      : Math.max(...(times as number[]));
    // What the page fetches after its data is drawn still counts to its bytes.
    await page
      .waitForLoadState('networkidle', { timeout: 15_000 })
      .catch(() => undefined);
    const received = (await Promise.all(pending)).filter(
      (r): r is Received => r !== undefined,
    );
    return { drawnMs, elementsMs, received };
  } finally {
    await context.close();
  }
}

/** Signs in as guest once; every load starts from this storage state. */
async function signIn(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .waitFor({ state: 'attached', timeout: 60_000 });
  const state = await context.storageState();
  await context.close();
  return state;
}

/** The plugins/<id> folders whose package is a frontend plugin. */
function suiteFrontendPlugins(): string[] {
  return readdirSync(join(repoRoot, 'plugins')).filter(id => {
    try {
      const pkg = JSON.parse(
        readFileSync(join(repoRoot, 'plugins', id, 'package.json'), 'utf8'),
      );
      return pkg.backstage?.role === 'frontend-plugin';
    } catch {
      return false;
    }
  });
}

/** The suite plugin whose components (`src/components/`) `source` is, if any. */
function componentOf(source: string, plugins: string[]): string | undefined {
  const m = /plugins\/([a-z0-9-]+)\/src\/components\//.exec(source);
  return m && plugins.includes(m[1]) ? m[1] : undefined;
}

/** What a JavaScript file holds of the suite, from its source map. */
interface ChunkContents {
  /** Suite plugins whose components it holds. */
  components: string[];
  /** Characters of suite plugin source (any file) it holds, by plugin. */
  suiteSource: Record<string, number>;
}

async function chunkContents(
  url: string,
  plugins: string[],
): Promise<ChunkContents> {
  const res = await fetch(`${url}.map`);
  if (!res.ok) return { components: [], suiteSource: {} };
  const map = (await res.json()) as {
    sources: string[];
    sourcesContent?: string[];
  };
  const components = new Set<string>();
  const suiteSource: Record<string, number> = {};
  map.sources.forEach((source, i) => {
    const m = /plugins\/([a-z0-9-]+)\/src\//.exec(source);
    if (m && plugins.includes(m[1])) {
      suiteSource[m[1]] =
        (suiteSource[m[1]] ?? 0) + (map.sourcesContent?.[i]?.length ?? 0);
    }
    const component = componentOf(source, plugins);
    if (component) components.add(component);
  });
  return { components: [...components].sort(), suiteSource };
}

async function initialScripts(baseURL: string): Promise<string[]> {
  const html = await (await fetch(baseURL)).text();
  return [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map(
    m => new URL(m[1], baseURL).href,
  );
}

async function guestToken(baseURL: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in answered ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** Waits until the demo data the pages show exists: catalog and compliance results. */
async function untilDataReady(baseURL: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const probes = [
    '/api/catalog/entities/by-name/component/default/assistant-api',
    '/api/catalog/entities/by-name/group/default/ml-platform',
    '/api/compliance/entity?entityRef=component%3Adefault%2Fassistant-api',
  ];
  for (;;) {
    try {
      const token = await guestToken(baseURL);
      const statuses = await Promise.all(
        probes.map(
          async p =>
            (
              await fetch(`${baseURL}${p}`, {
                headers: { authorization: `Bearer ${token}` },
              })
            ).status,
        ),
      );
      if (statuses.every(s => s === 200)) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      throw new Error(`the demo data was not ready within ${timeoutMs} ms`);
    }
    await sleep(2000);
  }
}

/** Starts ./scripts/start on shifted ports in its own process group. */
function startPortal(): { url: string; stop: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-pages-'));
  const child: ChildProcess = spawn('./scripts/start', [], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      AI_PLATFORM_PORT_OFFSET: String(PORT_OFFSET),
      AI_PLATFORM_DATA_DIR: dataDir,
    },
  });
  return {
    // The production build: the backend serves the app on the app's port.
    url: `http://localhost:${3000 + PORT_OFFSET}`,
    stop: () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The figures of one page over its loads. */
function summarise(
  spec: PageSpec,
  loads: Load[],
  initial: Set<string>,
  contents: Map<string, ChunkContents>,
) {
  const times = loads.map(l => l.drawnMs);
  const drawn = times.filter((t): t is number => t !== null);
  const first = loads[0];
  const scripts = first.received.filter(r => r.type === 'script');
  const api = first.received.filter(
    r =>
      (r.type === 'fetch' || r.type === 'xhr') &&
      r.url.pathname.startsWith('/api/'),
  );
  const largest = [...api].sort((a, b) => b.decoded - a.decoded)[0];
  // Where the time went: the last API answer before the data was drawn.
  const answered = api
    .filter(a => first.drawnMs === null || a.atMs <= first.drawnMs)
    .reduce((latest, a) => Math.max(latest, a.atMs), 0);
  const lazy = scripts.filter(s => !initial.has(s.url.href));
  const flags: string[] = [];
  if (drawn.length < times.length) {
    flags.push(
      `${spec.name}: data not drawn within ${DRAWN_TIMEOUT_MS / 1000} s in ${
        times.length - drawn.length
      } of ${times.length} loads`,
    );
  }
  const firstMs = times[0];
  const medianMs = drawn.length ? median(drawn) : null;
  if ((firstMs ?? 0) > PAGE_BUDGET_MS || (medianMs ?? 0) > PAGE_BUDGET_MS) {
    flags.push(
      `${spec.name}: data drawn after ${firstMs} ms first, ${medianMs} ms median (over ${PAGE_BUDGET_MS} ms)`,
    );
  }
  for (const a of api.filter(r => r.decoded > ANSWER_BUDGET_BYTES)) {
    flags.push(
      `${spec.name}: ${a.url.pathname}${a.url.search} answered ${kb(
        a.decoded,
      )} KB (over ${ANSWER_BUDGET_BYTES / 1024} KB)`,
    );
  }
  return {
    page: spec.name,
    path: spec.path,
    firstMs,
    medianMs,
    loadsMs: times,
    firstElementsMs: first.elementsMs,
    firstLastAnswerMs: answered,
    jsFiles: scripts.length,
    jsTransferredKB: kb(scripts.reduce((s, r) => s + r.transferred, 0)),
    apiAnswers: api.length,
    apiTransferredKB: kb(api.reduce((s, r) => s + r.transferred, 0)),
    apiDecodedKB: kb(api.reduce((s, r) => s + r.decoded, 0)),
    largestApi: largest
      ? {
          path: `${largest.url.pathname}${largest.url.search}`,
          decodedKB: kb(largest.decoded),
          transferredKB: kb(largest.transferred),
        }
      : null,
    // Chunks beyond the initial files; those holding suite components name the plugins.
    lazyJs: lazy.map(j => j.url.pathname.replace(/^.*\//, '')),
    suiteChunks: lazy
      .filter(j => contents.get(j.url.href)?.components.length)
      .map(j => ({
        file: j.url.pathname.replace(/^.*\//, ''),
        transferredKB: kb(j.transferred),
        components: contents.get(j.url.href)!.components,
      })),
    // Each API call of the first load, in the order asked: a call asked only
    // after another answered is a waterfall.
    apiTimeline: api
      .sort((a, b) => a.startMs - b.startMs)
      .map(a => ({
        path: `${a.url.pathname}${a.url.search}`.slice(0, 160),
        startMs: a.startMs,
        endMs: a.atMs,
        decodedKB: kb(a.decoded),
      })),
    flags,
  };
}

async function main() {
  let stop = () => {};
  let baseURL = process.env.BENCH_PAGES_URL?.replace(/\/$/, '');
  if (!baseURL) {
    const portal = startPortal();
    stop = portal.stop;
    baseURL = portal.url;
  }
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  let browser: Browser | undefined;
  try {
    console.error(`waiting for the portal and its demo data at ${baseURL}`);
    await untilDataReady(baseURL, 600_000);
    const plugins = suiteFrontendPlugins();
    const initialUrls = await initialScripts(baseURL);
    const initial = new Set(initialUrls);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    const storageState = await signIn(browser, baseURL);
    const specs = [...SUITE_PAGES, REFERENCE].filter(
      s => ONLY.length === 0 || ONLY.includes(s.name),
    );
    const loads = new Map<string, Load[]>(specs.map(s => [s.name, []]));
    // Round-robin: every page's first load comes before any page's second.
    for (let run = 0; run < RUNS; run++) {
      for (const spec of specs) {
        const load = await loadOnce(browser, baseURL, storageState, spec);
        loads.get(spec.name)!.push(load);
        console.error(
          `  run ${run + 1} ${spec.name.padEnd(22)} ${String(
            load.drawnMs ?? 'not drawn',
          ).padStart(9)} ms`,
        );
      }
    }

    const scriptUrls = new Set([
      ...initialUrls,
      ...[...loads.values()].flatMap(ls =>
        ls.flatMap(l =>
          l.received.filter(r => r.type === 'script').map(r => r.url.href),
        ),
      ),
    ]);
    const contents = new Map<string, ChunkContents>();
    for (const url of scriptUrls) {
      contents.set(url, await chunkContents(url, plugins));
    }
    const chunkProblems: string[] = [];
    const eagerSuiteSource: Record<string, number> = {};
    for (const [url, c] of contents) {
      const file = url.replace(/^.*\//, '');
      if (initial.has(url)) {
        for (const [plugin, chars] of Object.entries(c.suiteSource)) {
          eagerSuiteSource[plugin] = (eagerSuiteSource[plugin] ?? 0) + chars;
        }
        if (c.components.length) {
          chunkProblems.push(
            `${file} is loaded by every page and holds components of ${c.components.join(
              ', ',
            )}`,
          );
        }
      } else if (c.components.length > 1) {
        chunkProblems.push(
          `${file} holds components of ${c.components.join(', ')}`,
        );
      }
    }

    const summaries = specs.map(s =>
      summarise(s, loads.get(s.name)!, initial, contents),
    );
    const pages = summaries.filter(s => s.page !== REFERENCE.name);
    const reference = summaries.find(s => s.page === REFERENCE.name) ?? null;
    for (const s of summaries) {
      console.error(
        `${s.page.padEnd(22)} first ${String(s.firstMs).padStart(
          6,
        )} ms  median ${String(s.medianMs).padStart(6)} ms  JS ${String(
          s.jsTransferredKB,
        ).padStart(7)} KB (${s.jsFiles} files)  API ${String(
          s.apiDecodedKB,
        ).padStart(7)} KB in ${s.apiAnswers}  largest ${
          s.largestApi
            ? `${s.largestApi.decodedKB} KB ${s.largestApi.path}`
            : '-'
        }`,
      );
      console.error(
        `${''.padEnd(22)} ${s.lazyJs.length} lazy chunks; suite components in ${
          s.suiteChunks
            .map(j => `${j.file} [${j.components.join(', ')}]`)
            .join(', ') || 'none'
        }; last API answer before drawn at ${s.firstLastAnswerMs} ms`,
      );
    }
    const flags = [...pages.flatMap(p => p.flags), ...chunkProblems];
    for (const f of flags) console.error(`FLAG ${f}`);
    console.log(
      JSON.stringify({
        url: baseURL,
        runs: RUNS,
        pageBudgetMs: PAGE_BUDGET_MS,
        answerBudgetKB: ANSWER_BUDGET_BYTES / 1024,
        pages,
        reference,
        initialJs: {
          files: initialUrls.length,
          suiteSourceKB: Object.fromEntries(
            Object.entries(eagerSuiteSource).map(([p, c]) => [p, kb(c)]),
          ),
        },
        chunkProblems,
        flags,
      }),
    );
  } finally {
    await browser?.close();
    stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
