// Backend start-up in the embedded default: seconds until the readiness probe
// answers, seconds until the catalog has ingested the demo organisation, and
// the backend's resident memory then. Prints one JSON line.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const BACKEND = 'http://localhost:7007';
const DEMO_FILES = [
  'org.yaml',
  'users.yaml',
  'systems.yaml',
  'components.yaml',
];
const expectedEntities = DEMO_FILES.map(f =>
  readFileSync(new URL(`../demo/catalog/${f}`, import.meta.url), 'utf8'),
).reduce((n, text) => n + (text.match(/^kind: /gm) ?? []).length, 0);

const started = performance.now();
const backend = spawn(
  'npx',
  [
    'backstage-cli',
    'package',
    'start',
    '--config',
    '../../app-config.yaml',
    '--config',
    '../../app-config.demo.yaml',
    '--config',
    '../../e2e-tests/app-config.e2e.yaml',
  ],
  { cwd: 'packages/backend', stdio: 'ignore', detached: true },
);

const seconds = () => (performance.now() - started) / 1000;
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function until(check, timeoutSeconds) {
  for (;;) {
    try {
      if (await check()) return seconds();
    } catch {
      // not up yet
    }
    if (seconds() > timeoutSeconds) throw new Error('timed out');
    await sleep(250);
  }
}

/** Resident memory of a process and all its descendants, in MiB. */
function rssOfTree(rootPid) {
  const children = new Map();
  const rss = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)[1]);
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kib);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // process ended while reading
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return Math.round(total / 1024);
}
let token;
try {
  const readySeconds = await until(async () => {
    const res = await fetch(`${BACKEND}/.backstage/health/v1/readiness`);
    return res.ok;
  }, 300);
  const catalogSeconds = await until(async () => {
    if (!token) {
      const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      });
      if (!res.ok) return false;
      token = (await res.json()).backstageIdentity.token;
    }
    const res = await fetch(
      `${BACKEND}/api/catalog/entities/by-query?limit=1`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const body = await res.json();
    // The demo files plus one Location entity per registered file.
    return body.totalItems >= expectedEntities;
  }, 300);
  console.log(
    JSON.stringify({
      readySeconds: Number(readySeconds.toFixed(1)),
      demoCatalogSeconds: Number(catalogSeconds.toFixed(1)),
      demoEntities: expectedEntities,
      backendRssMiB: rssOfTree(backend.pid),
    }),
  );
} finally {
  process.kill(-backend.pid, 'SIGTERM');
}
