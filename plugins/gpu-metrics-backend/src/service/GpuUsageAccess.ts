import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  gpuFleetReadPermission,
  gpuUsageReadPermission,
} from '@ai-platform/plugin-gpu-metrics-common';

/**
 * The permission checks every use case starts with: usage reads
 * `gpuUsageReadPermission` for the entity or group, the fleet views
 * `gpuFleetReadPermission`; a refusal is a `NotAllowedError` (403) that says
 * who may read what.
 */
export class GpuUsageAccess {
  static create(options: { permissions: PermissionsService }): GpuUsageAccess {
    return new GpuUsageAccess(options.permissions);
  }

  private constructor(private readonly permissions: PermissionsService) {}

  /** Whether the caller may read the usage of the entity or group `ref`. */
  async requireUsageRead(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize(
      [{ permission: gpuUsageReadPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not read the GPU usage of ${ref}: it is visible to the members of its owning team and of the groups above it, and to fleet viewers`,
      );
    }
  }

  /** Whether the caller may read the fleet's usage. */
  async requireFleetRead(credentials: BackstageCredentials): Promise<void> {
    const [decision] = await this.permissions.authorize(
      [{ permission: gpuFleetReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        "You may not read the fleet's GPU usage: it is visible to the groups of gpuMetrics.fleetViewers",
      );
    }
  }
}
