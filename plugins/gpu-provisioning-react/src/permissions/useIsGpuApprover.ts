import { usePermission } from '@backstage/plugin-permission-react';
import { gpuApproverPermission } from '@ai-platform/plugin-gpu-provisioning-common';

/**
 * The answer of {@link useIsGpuApprover}.
 *
 * @public
 */
export interface GpuApproverAnswer {
  /** True until the permission policy answers. */
  loading: boolean;
  /** Whether the user approves GPU requests; false while loading or when the policy could not be asked. */
  approver: boolean;
}

/**
 * Whether the user is a GPU approver, as the permission policy says
 * (`gpu.approver`, allowed exactly to those who may approve). It decides only
 * what is shown: the backend checks every approval call itself. Approver
 * tools stay hidden until the answer is in, so nothing flashes into view.
 *
 * @public
 */
export function useIsGpuApprover(): GpuApproverAnswer {
  const { loading, allowed } = usePermission({
    permission: gpuApproverPermission,
  });
  return { loading, approver: allowed };
}
