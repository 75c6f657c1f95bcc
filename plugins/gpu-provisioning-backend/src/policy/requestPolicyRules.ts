import {
  DEFAULT_CLUSTER_DATA_CLASSIFICATIONS,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuProvisioningConfig } from '../config/GpuProvisioningConfig';

/** The policy's rules as `gpuProvisioning` configures them. */
export function requestPolicyRules(
  config: GpuProvisioningConfig,
): RequestPolicyRules {
  return {
    gpuClasses: config.gpuClasses,
    maxDurationHours: config.maxDurationHours,
    approvalThresholdGpuHours: config.approvalThresholdGpuHours,
    clusterDataClassifications: config.clusterDataClassifications,
    defaultDataClassifications: DEFAULT_CLUSTER_DATA_CLASSIFICATIONS,
  };
}
