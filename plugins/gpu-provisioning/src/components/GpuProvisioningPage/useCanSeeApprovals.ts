import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import { describeError } from '@ai-platform/plugin-ai-platform-react';

/**
 * Whether the user may see the approval queue. The backend lists every
 * request (`scope=all`) to approvers only and answers 403 to everyone else;
 * other failures keep the tab, where they are shown. Undefined while asking.
 */
export function useCanSeeApprovals(): boolean | undefined {
  const api = useApi(gpuProvisioningApiRef);
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
