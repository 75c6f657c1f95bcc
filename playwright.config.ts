import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e-tests/chromium';
import { APP_URL, DEV_SERVERS } from './e2e-tests/portalAddress';

/**
 * End-to-end tests in Debian's Chromium (never a browser Playwright downloads)
 * against the portal in its embedded default, started fresh on an in-memory
 * database with e2e-tests/app-config.e2e.yaml: the production build, or the
 * development servers with AI_PLATFORM_E2E_DEV=1.
 */

export default defineConfig({
  testDir: 'e2e-tests',
  // The specs at the top of e2e-tests/; a folder with its own portal has its
  // own config (smoke/: playwright.smoke.config.ts).
  testMatch: /e2e-tests\/[^/]+\.spec\.ts$/,
  outputDir: 'e2e-tests/output/results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  webServer: {
    command: `./scripts/start${
      DEV_SERVERS ? ' --dev' : ''
    } --config ../../e2e-tests/app-config.e2e.yaml`,
    url: APP_URL,
    timeout: 600_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: APP_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
