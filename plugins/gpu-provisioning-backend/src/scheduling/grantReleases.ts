import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { quotaKeyOf } from '../config/GpuProvisioningConfig';
import { UnitBooking, UnitRelease } from './startEstimate';

const HOUR_MS = 3_600_000;

/**
 * When each quota-holding request gives its units back: at its expiry, or,
 * not yet active, its duration from now. It frees the asking team's quota
 * when it holds the same team's quota key, and the cluster's capacity when
 * it is active there with the same class and MIG profile. A reserved window
 * that has not started holds nothing now, so it frees nothing.
 */
export function grantReleases(
  holders: GpuRequest[],
  asked: {
    team: string;
    cluster: string;
    gpuClass: string;
    migProfile?: string;
  },
  now: Date,
): UnitRelease[] {
  const key = quotaKeyOf(asked);
  const started = (request: GpuRequest) =>
    !request.startAt || Date.parse(request.startAt) <= now.getTime();
  return holders.filter(started).map(request => ({
    at: request.expiresAt
      ? new Date(request.expiresAt)
      : new Date(now.getTime() + request.durationHours * HOUR_MS),
    ...(request.activeSince ? { since: new Date(request.activeSince) } : {}),
    count: request.count,
    quota: request.team === asked.team && quotaKeyOf(request) === key,
    capacity:
      request.status === 'active' &&
      request.cluster === asked.cluster &&
      request.gpuClass === asked.gpuClass &&
      (request.migProfile ?? '') === (asked.migProfile ?? ''),
  }));
}

/**
 * The reserved windows that have not started: each takes its units over
 * `[startAt, expiresAt)` from the asking team's quota when it is the same
 * team's quota key, and from the cluster's capacity when it is on the asked
 * cluster with the same class and MIG profile, whichever team booked it.
 */
export function grantBookings(
  holders: GpuRequest[],
  asked: {
    team: string;
    cluster: string;
    gpuClass: string;
    migProfile?: string;
  },
  now: Date,
): UnitBooking[] {
  const key = quotaKeyOf(asked);
  return holders
    .filter(r => r.startAt && Date.parse(r.startAt) > now.getTime())
    .map(request => ({
      start: new Date(request.startAt!),
      end: request.expiresAt
        ? new Date(request.expiresAt)
        : new Date(
            Date.parse(request.startAt!) + request.durationHours * HOUR_MS,
          ),
      count: request.count,
      quota: request.team === asked.team && quotaKeyOf(request) === key,
      capacity:
        request.cluster === asked.cluster &&
        request.gpuClass === asked.gpuClass &&
        (request.migProfile ?? '') === (asked.migProfile ?? ''),
    }));
}
