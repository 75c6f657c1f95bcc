import {
  CapacityResponse,
  gpuCapacityReadPermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuClassConfig } from '../config/GpuProvisioningConfig';
import { GrantStore } from '../database/types';
import {
  dataClassificationsOf,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { CapacityReader } from '../types';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { RequestPermissions } from './RequestPermissions';
import {
  GpuCapacityService,
  GpuClassesResponse,
  GpuRequestCallContext,
} from './types';

interface Options {
  store: GrantStore;
  capacity: CapacityReader;
  gpuClasses: GpuClassConfig[];
  rules: RequestPolicyRules;
  permissions: RequestPermissions;
  audit: CallAuditor;
}

/**
 * What the clusters have (read live, with the portal's active grants) and
 * what the portal offers (the configured classes and the policy).
 */
export class DefaultGpuCapacityService implements GpuCapacityService {
  static create(options: Options): DefaultGpuCapacityService {
    return new DefaultGpuCapacityService(options);
  }

  private constructor(private readonly options: Options) {}

  async capacity(context: GpuRequestCallContext): Promise<CapacityResponse> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-capacity-read',
        severityLevel: 'low',
        successMeta: capacity => ({
          clusters: [...new Set(capacity.items.map(i => i.cluster))],
          errors: capacity.errors.length,
        }),
      },
      async () => {
        await this.options.permissions.authorizeBasic(
          context.credentials,
          gpuCapacityReadPermission,
          'read GPU capacity',
        );
        const [capacity, totals] = await Promise.all([
          this.options.capacity.read(),
          this.options.store.activeGrantTotals(),
        ]);
        const items = capacity.items.map(item => {
          const granted = totals
            .filter(
              t =>
                t.cluster === item.cluster &&
                t.gpuClass === item.gpuClass &&
                (t.migProfile ?? '') === (item.migProfile ?? ''),
            )
            .reduce((sum, t) => sum + t.count, 0);
          return {
            ...item,
            granted,
            free: Math.max(0, item.total - Math.max(item.inUse, granted)),
          };
        });
        return { items, errors: capacity.errors };
      },
    );
  }

  async classes(context: GpuRequestCallContext): Promise<GpuClassesResponse> {
    const { rules } = this.options;
    await this.options.permissions.authorizeBasic(
      context.credentials,
      gpuCapacityReadPermission,
      'read GPU capacity',
    );
    const capacity = await this.options.capacity.read();
    const clusterNames = this.options.capacity.clusterNames();
    return {
      classes: this.options.gpuClasses.map(c => ({
        id: c.id,
        displayName: c.displayName,
        memoryMiB: c.memoryMiB,
        hourlyRate: c.hourlyRate,
        migProfiles: c.migProfiles.map(m => ({
          name: m.name,
          memoryMiB: m.memoryMiB,
          hourlyRate: m.hourlyRate,
        })),
        clusters: [
          ...new Set(
            capacity.items
              .filter(item => item.gpuClass === c.id)
              .map(item => item.cluster),
          ),
        ].sort(),
      })),
      policy: {
        maxDurationHours: rules.maxDurationHours,
        approvalThresholdGpuHours: rules.approvalThresholdGpuHours,
        clusterDataClassifications: Object.fromEntries(
          [
            ...new Set([
              ...clusterNames,
              ...Object.keys(rules.clusterDataClassifications),
            ]),
          ]
            .sort()
            .map(cluster => [cluster, dataClassificationsOf(cluster, rules)]),
        ),
      },
    };
  }
}
