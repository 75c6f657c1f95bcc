import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import {
  Calendar,
  gpuProvisioningApiRef,
} from '@ai-platform/plugin-gpu-provisioning-react';
import { MAX_BOOKING_DAYS } from '../../utils/schedule';

export type { Calendar };

/** One hour of a {@link Calendar}. */
export type CalendarHour = Calendar['hours'][number];

/** What to draw the calendar of. */
export interface CalendarQuery {
  cluster: string;
  gpuClass: string;
  migProfile?: string;
}

/**
 * The next {@link MAX_BOOKING_DAYS} days of a class on a cluster, hour by
 * hour, read again when `version` changes (after a booking); nothing is read
 * while `enabled` is false (no cluster or class chosen yet).
 */
export function useCalendar(
  query: CalendarQuery,
  version: number,
  enabled: boolean = true,
) {
  const api = useApi(gpuProvisioningApiRef);
  const { cluster, gpuClass, migProfile } = query;
  return useAsync(
    async () =>
      enabled
        ? api.getCalendar({
            cluster,
            gpuClass,
            ...(migProfile ? { migProfile } : {}),
            days: MAX_BOOKING_DAYS,
          })
        : undefined,
    [api, cluster, gpuClass, migProfile, version, enabled],
  );
}
