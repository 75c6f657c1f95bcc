import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { IdleGpu, UsageWindow } from '@ai-platform/plugin-gpu-metrics-common';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { FleetUsageService, IdleGpuService } from './types';

/**
 * The idle GPUs of the fleet answer (so both agree, permission included),
 * optionally only those whose owner is the given team (refs compared
 * case-insensitively).
 */
export class DefaultIdleGpuService implements IdleGpuService {
  static create(options: { fleet: FleetUsageService }): DefaultIdleGpuService {
    return new DefaultIdleGpuService(options.fleet);
  }

  private constructor(private readonly fleet: FleetUsageService) {}

  async idleGpus(
    options: { window: UsageWindow; team?: string },
    credentials: BackstageCredentials,
  ): Promise<IdleGpu[]> {
    let team: string | undefined;
    try {
      team = options.team
        ? entityRefKey(options.team, { defaultKind: 'group' })
        : undefined;
    } catch (error) {
      throw new InputError(`team: ${(error as Error).message}`);
    }
    const { idle } = await this.fleet.fleet(options.window, credentials);
    return idle.filter(g => !team || (g.team && entityRefKey(g.team) === team));
  }
}
