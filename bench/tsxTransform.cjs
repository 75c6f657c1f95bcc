// The Backstage CLI's node transform compiles .ts and .cts only; a benchmark
// that reaches a frontend package's index (cost-frontend) loads .tsx
// components too. This adds the same swc compile for .tsx, with React's
// automatic runtime as the frontend build uses.
const { transformSync } = require('@swc/core');
const { addHook } = require('pirates');

addHook(
  (code, filename) =>
    transformSync(code, {
      filename,
      sourceMaps: 'inline',
      module: { type: 'commonjs', ignoreDynamic: true },
      jsc: {
        target: 'es2023',
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
      },
    }).code,
  { extensions: ['.tsx'], ignoreNodeModules: true },
);
