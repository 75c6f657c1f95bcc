// Reads the install steps the package READMEs mark for the vanilla-app test.
//
// A step is a fenced code block preceded by an HTML comment (invisible on the
// rendered page), so the test installs exactly what a reader is told to:
//
//   <!-- install:npm -->     sh: `npm install --workspace <ws> <packages...>` lines
//   <!-- install:backend --> ts: statements added to packages/backend/src/index.ts
//                            before `backend.start();`
//   <!-- install:diff -->    diff: edits to the app (`--- <path>` names the file)
//   <!-- install:legacy -->  diff: edits to an app on the legacy frontend system
//   <!-- install:config -->  yaml: added to the app's configuration
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export const STEP_KINDS = ['npm', 'backend', 'diff', 'legacy', 'config'];

const MARKER = /^<!--\s*install:([a-z-]+)\s*-->\s*$/;
const FENCE = /^(`{3,})\s*([\w-]*)\s*$/;
const LANGUAGES = {
  npm: ['sh', 'bash', 'shell'],
  backend: ['ts', 'typescript'],
  diff: ['diff'],
  legacy: ['diff'],
  config: ['yaml', 'yml'],
};

/** The marked steps of one README, in order. Throws naming the line of a malformed marker. */
export function parseReadmeSteps(text, source = 'README.md') {
  const lines = text.split('\n');
  const steps = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]);
    if (!marker) continue;
    const kind = marker[1];
    const where = `${source}:${i + 1}`;
    if (!STEP_KINDS.includes(kind)) {
      throw new Error(
        `${where}: unknown step install:${kind} (one of ${STEP_KINDS.join(
          ', ',
        )})`,
      );
    }
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === '') j++;
    const open = FENCE.exec(lines[j] ?? '');
    if (!open) {
      throw new Error(
        `${where}: install:${kind} must be followed by a fenced code block`,
      );
    }
    const [, fence, lang] = open;
    if (!LANGUAGES[kind].includes(lang)) {
      throw new Error(
        `${where}: install:${kind} needs a ${LANGUAGES[kind].join(
          ' or ',
        )} block, not "${lang}"`,
      );
    }
    const body = [];
    let k = j + 1;
    while (k < lines.length && lines[k].trim() !== fence) body.push(lines[k++]);
    if (k >= lines.length) throw new Error(`${where}: unclosed code block`);
    steps.push({ kind, source: where, body: body.join('\n') });
    i = k;
  }
  return steps;
}

/** Every marked step of every plugins/<dir>/README.md, with the package name. */
export function readAllReadmeSteps(repoRoot) {
  const pluginsDir = join(repoRoot, 'plugins');
  const result = [];
  for (const dir of readdirSync(pluginsDir).sort()) {
    const readme = join(pluginsDir, dir, 'README.md');
    const pkgJson = join(pluginsDir, dir, 'package.json');
    if (!existsSync(readme) || !existsSync(pkgJson)) continue;
    const { name } = JSON.parse(readFileSync(pkgJson, 'utf8'));
    const steps = parseReadmeSteps(
      readFileSync(readme, 'utf8'),
      relative(repoRoot, readme),
    );
    for (const step of steps) result.push({ ...step, packageName: name });
  }
  return result;
}

const NPM_INSTALL = /^npm install\s+(?:--workspace|-w)[\s=](\S+)\s+(.+)$/;

/**
 * The `npm install --workspace <ws> <packages...>` lines of an npm step.
 * Comment lines are skipped; any other command is refused, so a README
 * cannot ask for something the test does not do.
 */
export function parseNpmStep(step) {
  const installs = [];
  for (const raw of step.body.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('yarn ')) continue; // the yarn form of the same step
    const match = NPM_INSTALL.exec(line);
    if (!match) {
      throw new Error(
        `${step.source}: install:npm lines are \`npm install --workspace <ws> <packages>\`, not: ${line}`,
      );
    }
    const packages = match[2].split(/\s+/);
    for (const p of packages) {
      if (p.startsWith('-')) {
        throw new Error(
          `${step.source}: options after the workspace are not supported: ${p}`,
        );
      }
    }
    installs.push({ workspace: match[1].replace(/\/$/, ''), packages });
  }
  if (installs.length === 0) {
    throw new Error(`${step.source}: install:npm block has no npm install`);
  }
  return installs;
}

/** The statements of a backend step, without comment-only lines. */
export function backendStatements(step) {
  const lines = step.body
    .split('\n')
    .filter(line => !/^\s*\/\//.test(line) && line.trim() !== '');
  if (lines.length === 0) {
    throw new Error(`${step.source}: install:backend block is empty`);
  }
  return lines;
}
