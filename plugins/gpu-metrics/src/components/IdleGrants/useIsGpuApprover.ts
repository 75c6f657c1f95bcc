import { usePermission } from '@backstage/plugin-permission-react';
import { gpuApproverPermission } from '@ai-platform/plugin-gpu-provisioning-common';

/**
 * Whether the user is a GPU approver, as the permission policy says
 * (`gpu.approver`, allowed exactly to those who may approve). False while the
 * policy is asked and when it cannot be, so approver tools never flash into
 * view; the backend still checks every call itself.
 */
export function useIsGpuApprover(): boolean {
  return usePermission({ permission: gpuApproverPermission }).allowed;
}
