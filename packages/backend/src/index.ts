import { createBackend } from '@backstage/backend-defaults';
import { productionReadinessPlugin } from './productionReadiness/productionReadinessPlugin';

const backend = createBackend();

// First: a production backend without sign-in, database or clusters stops here.
backend.add(productionReadinessPlugin);

backend.add(import('@backstage/plugin-app-backend'));
// Event bus between plugins (catalog and signals subscribe to it).
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: guest for local use; production installs add their provider module.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog: the demo organisation and, later, the model catalog's providers.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Model catalog: models and model servers from registries and clusters.
backend.add(import('@ai-platform/plugin-catalog-backend-module-model-catalog'));

// Scaffolder: golden-path templates.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(
  import('@ai-platform/plugin-scaffolder-backend-module-ai-platform'),
);

// Permissions: the portal's own policy, where every plugin family adds its rules.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@ai-platform/plugin-permission-backend-module-ai-platform'),
);

// Search: PostgreSQL engine in production, in-memory (Lunr) on SQLite.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// AI Platform Portal: GPU provisioning.
backend.add(import('@ai-platform/plugin-gpu-provisioning-backend'));
// AI Platform Portal: GPU usage from DCGM through Prometheus.
backend.add(import('@ai-platform/plugin-gpu-metrics-backend'));
// AI Platform Portal: cost from FOCUS billing exports and GPU rate cards.
backend.add(import('@ai-platform/plugin-cost-backend'));
// AI Platform Portal: compliance scorecards (SOC 2, HIPAA, ISO 27001).
backend.add(import('@ai-platform/plugin-compliance-backend'));

// Actions registry over MCP, so AI agents can use the portal's actions.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
