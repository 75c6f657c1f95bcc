// Reading npm tarballs with the system's tar: the file list, sizes and contents.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TAR_OPTIONS = { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 };

/** The files of a tarball, relative to npm's `package/` folder. */
export function listTarball(file) {
  return execFileSync('tar', ['-tzf', file], TAR_OPTIONS)
    .split('\n')
    .filter(line => line && !line.endsWith('/'))
    .map(line => line.replace(/^package\//, ''));
}

/** The total size in bytes of the files in a tarball, from `tar -tvzf`. */
export function unpackedSize(file) {
  let total = 0;
  for (const line of execFileSync('tar', ['-tvzf', file], TAR_OPTIONS).split(
    '\n',
  )) {
    // -rw-r--r-- 0/0   1234 1985-10-26 08:15 package/dist/index.cjs.js
    const size = Number(line.trim().split(/\s+/)[2]);
    if (line.startsWith('-') && Number.isFinite(size)) total += size;
  }
  return total;
}

/** Extracts a tarball into a new temporary folder and returns its `package/` folder. */
export function extractTarball(file) {
  const dir = mkdtempSync(join(tmpdir(), 'ai-platform-tarball-'));
  execFileSync('tar', ['-xzf', file, '-C', dir], TAR_OPTIONS);
  return { root: dir, packageDir: join(dir, 'package') };
}
