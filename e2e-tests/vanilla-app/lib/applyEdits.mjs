// Applies the code edits of README steps to a generated app, mechanically:
// an edit that no longer fits the app (its anchor is gone or ambiguous)
// fails, naming the README line, instead of being patched up by hand.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { backendStatements } from './readmeSteps.mjs';

/**
 * Splits a README diff into files and hunks. `--- <path>` starts a file,
 * `+++` lines are ignored, a line `...` (or `@@ ... @@`) separates hunks; other
 * lines start with ' ' (context), '-' (removed) or '+' (added). An empty line
 * is an empty context line.
 */
export function parseReadmeDiff(step) {
  const files = [];
  let file;
  let hunk;
  const newHunk = () => {
    hunk = [];
    file.hunks.push(hunk);
  };
  for (const line of step.body.split('\n')) {
    if (line.startsWith('--- ')) {
      file = { path: line.slice(4).trim().replace(/^a\//, ''), hunks: [] };
      files.push(file);
      newHunk();
      continue;
    }
    if (line.startsWith('+++ ')) continue;
    if (!file) {
      throw new Error(
        `${step.source}: a diff step starts with \`--- <path of the file>\``,
      );
    }
    if (line.trim() === '...' || line.startsWith('@@')) {
      if (hunk.length) newHunk();
      continue;
    }
    const mark = line === '' ? ' ' : line[0];
    if (![' ', '-', '+'].includes(mark)) {
      throw new Error(
        `${step.source}: diff lines start with ' ', '-' or '+': ${line}`,
      );
    }
    hunk.push({ mark, text: line.slice(1) });
  }
  for (const f of files) f.hunks = f.hunks.filter(h => h.length);
  return files;
}

const isImportStart = line => /^import\s/.test(line);

/** Index after the last line of the file's top-level import statements. */
function endOfImports(lines) {
  let end = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!isImportStart(lines[i])) continue;
    let j = i;
    // An import statement ends at the line that closes it with a module name.
    while (j < lines.length && !/['"][^'"]+['"];?\s*$/.test(lines[j])) j++;
    end = j + 1;
    i = j;
  }
  return end;
}

/** Applies one hunk to the file's lines; returns the new lines. */
export function applyHunk(lines, hunk, where) {
  const before = hunk.filter(l => l.mark !== '+').map(l => l.text.trim());
  if (before.length === 0) {
    const added = hunk.map(l => l.text);
    if (!isImportStart(added.find(l => l.trim() !== '') ?? '')) {
      throw new Error(
        `${where}: a hunk without context may only add imports; give the lines it goes after`,
      );
    }
    const at = endOfImports(lines);
    return [...lines.slice(0, at), ...added, ...lines.slice(at)];
  }
  const matches = [];
  for (let i = 0; i + before.length <= lines.length; i++) {
    if (before.every((text, k) => lines[i + k].trim() === text)) {
      matches.push(i);
    }
  }
  if (matches.length !== 1) {
    throw new Error(
      `${where}: the lines\n${before.join('\n')}\n${
        matches.length === 0
          ? 'are not in the file'
          : `appear ${matches.length} times in the file`
      }`,
    );
  }
  const at = matches[0];
  const replaced = [];
  let k = at;
  for (const line of hunk) {
    if (line.mark === ' ') replaced.push(lines[k++]);
    else if (line.mark === '-') k++;
    else replaced.push(line.text);
  }
  return [...lines.slice(0, at), ...replaced, ...lines.slice(k)];
}

/**
 * Applies a diff step to the app at `appDir`. `pathMap` rewrites the paths a
 * README names (e.g. packages/app → the legacy frontend's folder).
 */
export function applyDiffStep(appDir, step, pathMap = p => p) {
  const changed = [];
  for (const file of parseReadmeDiff(step)) {
    const target = join(appDir, pathMap(file.path));
    if (!existsSync(target)) {
      throw new Error(`${step.source}: ${file.path} is not in the app`);
    }
    let lines = readFileSync(target, 'utf8').split('\n');
    file.hunks.forEach((hunk, index) => {
      lines = applyHunk(
        lines,
        hunk,
        `${step.source} (${file.path}, hunk ${index + 1})`,
      );
    });
    writeFileSync(target, lines.join('\n'));
    changed.push(file.path);
  }
  return changed;
}

/** Adds a backend step's statements before `backend.start();`. */
export function applyBackendStep(appDir, step) {
  const target = join(appDir, 'packages/backend/src/index.ts');
  const lines = readFileSync(target, 'utf8').split('\n');
  const start = lines.findIndex(l => l.trim() === 'backend.start();');
  if (start < 0) {
    throw new Error(`${step.source}: ${target} has no \`backend.start();\``);
  }
  const statements = backendStatements(step);
  const text = lines.join('\n');
  for (const s of statements) {
    const pkg = /import\('([^']+)'\)/.exec(s)?.[1];
    if (pkg && text.includes(`import('${pkg}')`)) {
      throw new Error(`${step.source}: ${pkg} is already added to the backend`);
    }
  }
  lines.splice(start, 0, ...statements, '');
  writeFileSync(target, lines.join('\n'));
}
