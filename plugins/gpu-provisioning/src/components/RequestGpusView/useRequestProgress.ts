import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { gpuProvisioningApiRef } from '@ai-platform/plugin-gpu-provisioning-react';
import { isScheduled } from '../../utils/schedule';

/** How often a request being applied is read again. */
const POLL_MS = 1000;
/** Reads at most; past them the lifecycle loop's retries are left to the requests page. */
const MAX_POLLS = 120;

function isBeingApplied(request: GpuRequest): boolean {
  // A booked window is approved long before it starts: nothing to follow.
  if (isScheduled(request, Date.now())) return false;
  return request.status === 'approved' || request.status === 'provisioning';
}

/**
 * A just-submitted request as it is now: the API answers once the request
 * is decided, so one granted at once is `approved` while its namespace is set
 * up; this reads it again every second until it is applied (or failed), so
 * the page turns to "GPUs granted" by itself. A failed read is tried again
 * on the next tick.
 */
export function useRequestProgress(
  submitted: GpuRequest | undefined,
): GpuRequest | undefined {
  const api = useApi(gpuProvisioningApiRef);
  const [state, setState] = useState({ request: submitted, polls: 0 });

  useEffect(() => {
    setState({ request: submitted, polls: 0 });
  }, [submitted]);

  const { request, polls } = state;
  useEffect(() => {
    if (!request || !isBeingApplied(request) || polls >= MAX_POLLS) {
      return undefined;
    }
    let cancelled = false;
    const timer = setTimeout(async () => {
      const next = await api.getRequest(request.id).catch(() => request);
      if (!cancelled) setState({ request: next, polls: polls + 1 });
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, request, polls]);

  return request?.id === submitted?.id ? request : submitted;
}
