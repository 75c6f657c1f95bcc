#!/usr/bin/env node
// Runs the benchmarks in bench/ (files named *.bench.mjs or *.bench.ts), each in
// its own process. A benchmark prints exactly one JSON line of figures on stdout;
// the runner checks it, echoes it and appends it to bench/results/<date>.jsonl.
//
//   npm run bench                  every benchmark
//   npm run bench -- backend       benchmarks whose file name contains "backend"
//   npm run bench -- pages         the suite's pages in Chromium (starts the
//                                  portal, or BENCH_PAGES_URL names one running)
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);
const require = createRequire(import.meta.url);
const filters = process.argv.slice(2);

const benchmarks = readdirSync(benchDir)
  .filter(f => /\.bench\.(mjs|ts)$/.test(f))
  .filter(f => filters.length === 0 || filters.some(x => f.includes(x)))
  .sort();

if (benchmarks.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ')}`);
  process.exit(1);
}

// TypeScript benchmarks run through the Backstage CLI's node transform, the
// same loader `backstage-cli package start` uses for the backend.
const tsTransform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
const tsxTransform = join(benchDir, 'tsxTransform.cjs');

function runOne(file) {
  const args = file.endsWith('.ts')
    ? [
        '--require',
        tsTransform,
        '--require',
        tsxTransform,
        join(benchDir, file),
      ]
    : [join(benchDir, file)];
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.on('close', code => resolve({ code, stdout }));
  });
}

mkdirSync(join(benchDir, 'results'), { recursive: true });
const resultsFile = join(
  benchDir,
  'results',
  `${new Date().toISOString().slice(0, 10)}.jsonl`,
);
let failures = 0;
for (const file of benchmarks) {
  console.error(`── ${file}`);
  const { code, stdout } = await runOne(file);
  const lines = stdout.trim().split('\n').filter(Boolean);
  let figures;
  try {
    if (lines.length !== 1) throw new Error(`${lines.length} lines`);
    figures = JSON.parse(lines[0]);
  } catch (error) {
    console.error(
      `${file}: expected one JSON line on stdout (${error.message})`,
    );
    failures++;
    continue;
  }
  if (code !== 0) {
    console.error(`${file}: exited with ${code}`);
    failures++;
    continue;
  }
  const record = {
    benchmark: file.replace(/\.bench\.(mjs|ts)$/, ''),
    at: new Date().toISOString(),
    node: process.version,
    ...figures,
  };
  console.log(JSON.stringify(record));
  appendFileSync(resultsFile, `${JSON.stringify(record)}\n`);
}
process.exit(failures ? 1 : 0);
