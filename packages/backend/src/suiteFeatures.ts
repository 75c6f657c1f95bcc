import approvalsPlugin from '@ai-platform/plugin-approvals-backend';
import catalogModuleModelCatalog from '@ai-platform/plugin-catalog-backend-module-model-catalog';
import compliancePlugin from '@ai-platform/plugin-compliance-backend';
import costPlugin from '@ai-platform/plugin-cost-backend';
import gpuMetricsPlugin from '@ai-platform/plugin-gpu-metrics-backend';
import gpuProvisioningPlugin from '@ai-platform/plugin-gpu-provisioning-backend';
import permissionModuleAiPlatform, {
  portalPermissionsServiceFactory,
} from '@ai-platform/plugin-permission-backend-module-ai-platform';
import scaffolderModuleAiPlatform from '@ai-platform/plugin-scaffolder-backend-module-ai-platform';

/**
 * The AI Platform Portal's own plugins and modules. The route inventory and
 * policy tests start exactly these, so a feature added here is covered.
 */
export const suiteFeatures = [
  // Models and model servers from registries and clusters.
  catalogModuleModelCatalog,
  // Golden paths: gpu:request, local git publishing for the embedded default.
  scaffolderModuleAiPlatform,
  // The portal's permission policy, where every plugin family adds its rules.
  permissionModuleAiPlatform,
  // Every plugin asks that policy in its own process (no loopback call per
  // check); decisions equal the permission backend's.
  portalPermissionsServiceFactory,
  gpuProvisioningPlugin,
  // GPU usage from DCGM through Prometheus.
  gpuMetricsPlugin,
  // Cost from FOCUS billing exports and GPU rate cards.
  costPlugin,
  // Compliance scorecards (SOC 2, HIPAA, ISO 27001).
  compliancePlugin,
  // Approvals a named approver group decides (ai-platform:approval:await).
  approvalsPlugin,
];
