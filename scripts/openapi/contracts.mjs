// The suite's REST contracts: each backend's OpenAPI document and where its
// generated client lives (the family's -common package).
export const CONTRACTS = [
  {
    pluginId: 'gpu-provisioning',
    spec: 'plugins/gpu-provisioning-backend/src/schema/openapi.yaml',
    out: 'plugins/gpu-provisioning-common/src/generated',
    clientName: 'GpuProvisioningApiClient',
  },
  {
    pluginId: 'gpu-metrics',
    spec: 'plugins/gpu-metrics-backend/src/schema/openapi.yaml',
    out: 'plugins/gpu-metrics-common/src/generated',
    clientName: 'GpuMetricsApiClient',
  },
  {
    pluginId: 'cost',
    spec: 'plugins/cost-backend/src/schema/openapi.yaml',
    out: 'plugins/cost-common/src/generated',
    clientName: 'CostApiClient',
  },
  {
    pluginId: 'approvals',
    spec: 'plugins/approvals-backend/src/schema/openapi.yaml',
    out: 'plugins/approvals-common/src/generated',
    clientName: 'ApprovalsApiClient',
  },
];
