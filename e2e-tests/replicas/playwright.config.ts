import { defineConfig } from '@playwright/test';

/**
 * Several replicas on one database: Node-only tests (no browser) that start
 * a throwaway PostgreSQL, the simulated fleet and two backend processes, and
 * kill one of them mid-work. Run with
 * `npx playwright test -c e2e-tests/replicas/playwright.config.ts`.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'replicas.spec.ts',
  // Builds the production build first, which the replicas run.
  globalSetup: './globalSetup.ts',
  outputDir: '../output/replicas/results',
  // Two backends, each killed and restarted, on a small machine.
  timeout: 30 * 60_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
});
