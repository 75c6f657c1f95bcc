import { useMemo } from 'react';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import useAsync from 'react-use/esm/useAsync';
import {
  GpuProvisioningApiClient,
  GpuProvisioningApiComponents,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { MAX_BOOKING_DAYS } from '../../utils/schedule';

/** The backend's hour-by-hour calendar of a class on a cluster. */
export type Calendar = GpuProvisioningApiComponents['schemas']['Calendar'];

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
 * hour, read again when `version` changes (after a booking).
 *
 * Read through the generated client with the app's discovery and fetch APIs
 * because `GpuProvisioningApi` (in `-react`) has no calendar method yet.
 */
export function useCalendar(query: CalendarQuery, version: number) {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const client = useMemo(
    () => new GpuProvisioningApiClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
  const { cluster, gpuClass, migProfile } = query;
  return useAsync(async (): Promise<Calendar> => {
    const response = await client.getCalendar({
      query: {
        cluster,
        gpuClass,
        ...(migProfile ? { migProfile } : {}),
        days: MAX_BOOKING_DAYS,
      },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response as Response);
    }
    return response.json();
  }, [client, cluster, gpuClass, migProfile, version]);
}
