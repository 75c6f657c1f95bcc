export {
  checkGpuRequest,
  gpuRequestPolicyClusters,
  gpuRequestPolicyRules,
} from './checkGpuRequest';
export type { GpuPolicyFacts, GpuRequestDraft } from './checkGpuRequest';
