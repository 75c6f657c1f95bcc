import { writeAheadLogDatabaseServiceFactory } from './database/writeAheadLogDatabaseServiceFactory';
import { productionReadinessPlugin } from './productionReadiness/productionReadinessPlugin';
import { suiteFeatures } from './suiteFeatures';

/**
 * The Backstage plugins and modules the portal runs that the suite does not
 * own, in the order they are added.
 */
export const coreFeatures = [
  import('@backstage/plugin-app-backend'),
  // Event bus between plugins (catalog and signals subscribe to it).
  import('@backstage/plugin-events-backend'),
  import('@backstage/plugin-proxy-backend'),
  // Sign-in: guest for the embedded default (refused in production), and
  // oauth2-proxy for a deployment behind it (the production smoke test's);
  // each is active only where auth.providers configures it. Other providers'
  // modules are added the same way.
  import('@backstage/plugin-auth-backend'),
  import('@backstage/plugin-auth-backend-module-guest-provider'),
  import('@backstage/plugin-auth-backend-module-oauth2-proxy-provider'),
  import('@backstage/plugin-catalog-backend'),
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  import('@backstage/plugin-catalog-backend-module-logs'),
  import('@backstage/plugin-scaffolder-backend'),
  import('@backstage/plugin-scaffolder-backend-module-github'),
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
  import('@backstage/plugin-permission-backend'),
  // Search: PostgreSQL engine in production, in-memory (Lunr) on SQLite.
  import('@backstage/plugin-search-backend'),
  import('@backstage/plugin-search-backend-module-pg'),
  import('@backstage/plugin-search-backend-module-catalog'),
  import('@backstage/plugin-search-backend-module-techdocs'),
  import('@backstage/plugin-techdocs-backend'),
  import('@backstage/plugin-kubernetes-backend'),
  import('@backstage/plugin-user-settings-backend'),
  import('@backstage/plugin-notifications-backend'),
  import('@backstage/plugin-signals-backend'),
  // Actions registry over MCP, so AI agents can use the portal's actions.
  import('@backstage/plugin-mcp-actions-backend'),
];

/** Every feature of the portal's backend, the readiness check first. */
export const backendFeatures = [
  // A production backend without sign-in, database or clusters stops here.
  productionReadinessPlugin,
  // Every plugin's SQLite database in WAL mode, Backstage's own too: in the
  // default rollback journal each commit syncs the file on the event loop.
  writeAheadLogDatabaseServiceFactory,
  ...coreFeatures,
  ...suiteFeatures,
];
