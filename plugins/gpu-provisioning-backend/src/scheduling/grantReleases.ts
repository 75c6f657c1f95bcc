import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { quotaKeyOf } from '../config/GpuProvisioningConfig';
import { UnitRelease } from './startEstimate';

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
    count: request.count,
    quota: request.team === asked.team && quotaKeyOf(request) === key,
    capacity:
      request.status === 'active' &&
      request.cluster === asked.cluster &&
      request.gpuClass === asked.gpuClass &&
      (request.migProfile ?? '') === (asked.migProfile ?? ''),
  }));
}
