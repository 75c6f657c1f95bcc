import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';

/**
 * Chromium specs against a fresh Backstage app that run.mjs made, installed
 * from the package READMEs and started on VANILLA_BASE_URL (its backend
 * serves the built frontend). Run through run.mjs, which starts everything;
 * one project per frontend system.
 */
// run.mjs runs one project at a time (each against its own backend); each
// keeps its own results and report.
const run = process.env.VANILLA_PROJECT ?? 'all';

export default defineConfig({
  testDir: 'specs',
  outputDir: `output/results/${run}`,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: `output/report/${run}` }],
  ],
  use: {
    baseURL: process.env.VANILLA_BASE_URL ?? 'http://127.0.0.1:7407',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    {
      name: 'default-app',
      testMatch: 'default-app.spec.ts',
      use: { browserName: 'chromium' },
    },
    {
      name: 'legacy-app',
      testMatch: 'legacy-app.spec.ts',
      use: { browserName: 'chromium' },
    },
  ],
});
