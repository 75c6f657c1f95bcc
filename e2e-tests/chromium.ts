import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium (never a browser Playwright downloads), headless, quiet
 * and offline-friendly: the launch options every Playwright config of the
 * repository uses. `extraArgs` are added after the common ones.
 */
export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  };
}
