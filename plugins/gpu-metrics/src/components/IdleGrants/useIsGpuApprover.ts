import useAsync from 'react-use/esm/useAsync';
import { GpuProvisioningApi } from '@ai-platform/plugin-gpu-provisioning-react';
import { describeError } from '@ai-platform/plugin-ai-platform-react';

/**
 * Whether the user is a GPU approver. The backend lists every request
 * (`scope=all`) to approvers only and answers 403 to everyone else; other
 * failures count as approver so that the report shows its own error.
 * Undefined while asking.
 */
export function useIsGpuApprover(api: GpuProvisioningApi): boolean | undefined {
  const { value } = useAsync(async () => {
    try {
      await api.listRequests({ scope: 'all', status: 'pending-approval' });
      return true;
    } catch (e) {
      return describeError(e).statusCode !== 403;
    }
  }, [api]);
  return value;
}
