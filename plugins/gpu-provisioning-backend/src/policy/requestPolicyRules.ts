import {
  DEFAULT_CLUSTER_CLASSIFICATIONS,
  GpuProvisioningConfig,
} from '../config/GpuProvisioningConfig';
import { RequestPolicyRules } from './requestPolicy';

/** The policy's rules as `gpuProvisioning` configures them. */
export function requestPolicyRules(
  config: GpuProvisioningConfig,
): RequestPolicyRules {
  return {
    gpuClasses: config.gpuClasses,
    maxDurationHours: config.maxDurationHours,
    approvalThresholdGpuHours: config.approvalThresholdGpuHours,
    clusterDataClassifications: config.clusterDataClassifications,
    defaultDataClassifications: DEFAULT_CLUSTER_CLASSIFICATIONS,
  };
}
