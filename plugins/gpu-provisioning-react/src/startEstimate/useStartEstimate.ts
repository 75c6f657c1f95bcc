import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  gpuProvisioningApiRef,
  StartEstimate,
  StartEstimateOptions,
} from '../api';

/**
 * What {@link useStartEstimate} holds: the backend's answer once asked, with
 * its loading and error states.
 *
 * @public
 */
export interface StartEstimateState {
  /** The backend is being asked. */
  loading: boolean;
  /** Why the backend could not answer. */
  error?: Error;
  /** The answer; absent before anything was asked. */
  value?: StartEstimate;
}

/**
 * Whether a request would start now, when, and why: asked of the backend
 * once typing pauses (300 ms), and again when `version` changes (e.g. after a
 * request was made). Nothing is asked while the choice is incomplete
 * (`undefined`). The request form and the template field share it, so both
 * say the same.
 *
 * @public
 */
export function useStartEstimate(
  query: StartEstimateOptions | undefined,
  version: number = 0,
): StartEstimateState {
  const api = useApi(gpuProvisioningApiRef);
  // A string key, so a new object with the same fields asks nothing new.
  const key = query ? JSON.stringify(query) : '';
  const [settled, setSettled] = useState(key);
  useDebounce(() => setSettled(key), 300, [key]);
  return useAsync(async () => {
    if (!settled) return undefined;
    return api.getStartEstimate(JSON.parse(settled));
  }, [api, settled, version]);
}
