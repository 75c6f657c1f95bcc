import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  gpuProvisioningApiRef,
  StartEstimateOptions,
} from '@ai-platform/plugin-gpu-provisioning-react';

/**
 * Whether what the form holds would start now, when, and why: asked of the
 * backend once typing pauses, and again after a request was made
 * (`version`). Nothing is asked while the form is incomplete (`undefined`).
 */
export function useStartEstimate(
  query: StartEstimateOptions | undefined,
  version: number,
) {
  const api = useApi(gpuProvisioningApiRef);
  const key = query ? JSON.stringify(query) : '';
  const [settled, setSettled] = useState(key);
  useDebounce(() => setSettled(key), 300, [key]);
  return useAsync(async () => {
    if (!settled) return undefined;
    return api.getStartEstimate(JSON.parse(settled));
  }, [api, settled, version]);
}
