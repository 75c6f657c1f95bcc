import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e-tests/chromium';
import { APP_URL } from './e2e-tests/portalAddress';

/**
 * The production smoke test: the production build started as a deployment
 * starts it (app-config.production.yaml, NODE_ENV=production, PostgreSQL,
 * oauth2-proxy sign-in, the simulated fleet as its cluster) by
 * e2e-tests/smoke/serve, in Debian's Chromium.
 *
 *   npx playwright test -c playwright.smoke.config.ts
 */
const port = new URL(APP_URL).port;
/** The portal's public address: production refuses loopback addresses. */
const PORTAL_URL = `http://portal.test:${port}`;

export default defineConfig({
  testDir: 'e2e-tests/smoke',
  outputDir: 'e2e-tests/output/smoke-results',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report/smoke' }],
  ],
  webServer: {
    command: './e2e-tests/smoke/serve',
    url: `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
    timeout: 600_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
    // SIGTERM, so serve's trap stops what it started: by default the group
    // is SIGKILLed, and the PostgreSQL pg_ctl started in its own session
    // kept running after every run. serve gives the backend 10 s.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
  },
  use: {
    baseURL: PORTAL_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions([
      // portal.test is this machine to the browser only, and a secure
      // context as a deployment behind TLS would be.
      '--host-resolver-rules=MAP portal.test 127.0.0.1',
      `--unsafely-treat-insecure-origin-as-secure=${PORTAL_URL}`,
    ]),
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
