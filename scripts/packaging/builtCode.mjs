// What a package's built JavaScript needs at run time, read from its text:
// the modules it imports, the files of its own package it resolves, and every
// string literal (to spot paths joined onto the package folder).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const IMPORT_PATTERNS = [
  /\brequire\(\s*(["'])([^"'\n]+)\1\s*\)/g,
  /\bimport\(\s*(["'])([^"'\n]+)\1\s*\)/g,
  /\bfrom\s*(["'])([^"'\n]+)\1/g,
  /\bimport\s*(["'])([^"'\n]+)\1/g,
];
const STRING_LITERAL = /(["'`])((?:\\.|(?!\1)[^\\\n$])*)\1/g;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function listJs(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(e => e.isFile() && /\.[cm]?js$/.test(e.name))
    .map(e => join(e.parentPath ?? e.path, e.name));
}

/**
 * Reads every .js file under `<packageDir>/dist`. `packagePaths` holds the
 * paths passed to `resolvePackagePath('<packageName>', ...)`.
 */
export function readBuiltCode(packageDir, packageName) {
  const imports = [];
  const literals = new Set();
  const packagePaths = new Set();
  // resolvePackagePath('<name>', 'a', 'b/c') with literal arguments only.
  const selfPath = new RegExp(
    `resolvePackagePath\\)?\\(\\s*(["'])${escapeRegExp(
      packageName,
    )}\\1((?:\\s*,\\s*(["'])[^"'\\n]*\\3)+)\\s*,?\\s*\\)`,
    'g',
  );
  let files = [];
  try {
    files = listJs(join(packageDir, 'dist'));
  } catch {
    // No dist/: the entry-point checks report it.
  }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(packageDir, file);
    for (const pattern of IMPORT_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        if (!/^[./]/.test(match[2]))
          imports.push({ specifier: match[2], file: rel });
      }
    }
    for (const match of text.matchAll(STRING_LITERAL)) literals.add(match[2]);
    for (const match of text.matchAll(selfPath)) {
      const segments = [...match[2].matchAll(/(["'])([^"'\n]*)\1/g)].map(
        m => m[2],
      );
      packagePaths.add(segments.join('/').replace(/\/+/g, '/'));
    }
  }
  return { imports, literals, packagePaths };
}
