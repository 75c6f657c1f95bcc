import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  gpuProvisioningApiRef,
  QueuePosition,
} from '@ai-platform/plugin-gpu-provisioning-react';

/** How often a waiting grant's position is read again. */
export const WAITING_POLL_MS = 10_000;
/** How often a grant with nothing waiting is read again, to notice new jobs. */
export const IDLE_POLL_MS = 60_000;

/** A grant's queue position, refreshed while the row is shown. */
export interface QueuePositionState {
  position?: QueuePosition;
  error?: Error;
}

/**
 * Reads a grant's queue position and reads it again, every
 * {@link WAITING_POLL_MS} while something of it waits and every
 * {@link IDLE_POLL_MS} otherwise, until the component unmounts or
 * `enabled` turns false. A failed read keeps the last answer.
 */
export function useQueuePosition(
  requestId: string,
  enabled: boolean,
): QueuePositionState {
  const api = useApi(gpuProvisioningApiRef);
  const [state, setState] = useState<QueuePositionState>({});
  useEffect(() => {
    if (!enabled) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let waiting = false;
      try {
        const position = await api.getQueuePosition(requestId);
        waiting = position?.state === 'waiting';
        // An empty answer (a stand-in API) changes nothing.
        if (!stopped && position) setState({ position });
      } catch (error) {
        if (!stopped) {
          setState(previous => ({
            position: previous.position,
            error: error as Error,
          }));
        }
      }
      if (!stopped) {
        timer = setTimeout(poll, waiting ? WAITING_POLL_MS : IDLE_POLL_MS);
      }
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, requestId, enabled]);
  return state;
}
