import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { InputError } from '@backstage/errors';
import {
  TeamQuota,
  gpuCapacityReadPermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { teamRefKey } from '../catalog/refKeys';
import {
  configuredQuotaKeys,
  GpuProvisioningConfig,
} from '../config/GpuProvisioningConfig';
import { GrantStore } from '../database/types';
import { quotaLimitOf } from '../policy/quotaLimitOf';
import { TeamMembership } from '@ai-platform/plugin-ai-platform-node';
import { RequestPermissions } from './RequestPermissions';
import { assertMayReadTeamQuota } from './TeamQuotaAccess';
import { GpuQuotaService, GpuRequestCallContext } from './types';

interface Options {
  store: GrantStore;
  config: Pick<
    GpuProvisioningConfig,
    'gpuClasses' | 'defaultQuota' | 'teamQuotas'
  >;
  groupTree: CatalogGroupTree;
  membership: TeamMembership;
  permissions: RequestPermissions;
}

/**
 * Teams' quotas per GPU class and MIG profile, with what their requests
 * hold. A team's quota is read by its members, members of the teams above
 * it, and whoever holds the approve permission (approvers, and other backends).
 */
export class DefaultGpuQuotaService implements GpuQuotaService {
  static create(options: Options): DefaultGpuQuotaService {
    return new DefaultGpuQuotaService(options);
  }

  private constructor(private readonly options: Options) {}

  async quota(
    context: GpuRequestCallContext & { team?: string },
  ): Promise<TeamQuota[]> {
    const { config, permissions, membership, store } = this.options;
    await permissions.authorizeBasic(
      context.credentials,
      gpuCapacityReadPermission,
      'read GPU capacity',
    );
    let teams: string[];
    if (context.team) {
      const team = teamRefKey(context.team);
      await assertMayReadTeamQuota(this.options, context.credentials, team);
      teams = [team];
    } else if (permissions.isUser(context.credentials)) {
      teams = await membership.teamsOf(context.credentials);
    } else {
      throw new InputError(
        'team: is required for calls that are not made by a user',
      );
    }
    const configuredKeys = configuredQuotaKeys(config.gpuClasses);
    const result: TeamQuota[] = [];
    for (const team of teams.sort()) {
      const usage = await store.usage(team);
      const keys = new Set([
        ...configuredKeys,
        ...Object.keys(config.defaultQuota),
        ...Object.keys(config.teamQuotas[team] ?? {}),
        ...Object.keys(usage),
      ]);
      for (const key of [...keys].sort()) {
        const limit = quotaLimitOf(config, team, key);
        const used = usage[key] ?? 0;
        result.push({
          team,
          cluster: '*',
          gpuClass: key,
          limit,
          used,
          remaining: Math.max(0, limit - used),
        });
      }
    }
    return result;
  }
}
