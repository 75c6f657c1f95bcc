import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium (never a browser Playwright downloads)
 * against the portal in its embedded default, started fresh on an in-memory
 * database with e2e-tests/app-config.e2e.yaml.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e-tests',
  // These have their own configs and portals (see each folder's README).
  testIgnore: ['replicas/**', 'smoke/**', 'vanilla-app/**'],
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
    command: './scripts/start --config ../../e2e-tests/app-config.e2e.yaml',
    url: 'http://localhost:3000',
    timeout: 600_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
