/**
 * Where the portal under test listens, as scripts/start lays it out: every
 * port moves with AI_PLATFORM_PORT_OFFSET, so several portals (and their test
 * runs) can share one machine. The production build (the default) serves the
 * app and the APIs on one port; the development servers (AI_PLATFORM_E2E_DEV=1,
 * `./scripts/start --dev`) put the backend on its own.
 */
const offset = Number(process.env.AI_PLATFORM_PORT_OFFSET ?? 0);
if (!Number.isInteger(offset) || offset < 0 || offset > 46000) {
  throw new Error(
    `AI_PLATFORM_PORT_OFFSET must be a whole number from 0 to 46000, not ${process.env.AI_PLATFORM_PORT_OFFSET}`,
  );
}

/** Whether the tests run against the development servers. */
export const DEV_SERVERS = process.env.AI_PLATFORM_E2E_DEV === '1';

/** The address users open. */
export const APP_URL = `http://localhost:${3000 + offset}`;

/** The backend's address: the app's, unless the development servers run. */
export const BACKEND_URL = DEV_SERVERS
  ? `http://localhost:${7007 + offset}`
  : APP_URL;
