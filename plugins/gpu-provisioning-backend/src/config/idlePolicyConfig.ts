import { Config } from '@backstage/config';
import { IdlePolicyConfig } from '../idle/types';

const KEY = 'gpuProvisioning.idlePolicy';

function hours(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0 || value > 24 * 90) {
    throw new Error(
      `${KEY}.${key} must be a number of hours above 0 and at most 2160, not ${value}`,
    );
  }
  return value;
}

/**
 * `gpuProvisioning.idlePolicy` with its defaults: off, and a dry run once
 * turned on, so that nothing is released before someone read the report.
 * A malformed value fails start-up naming the key.
 */
export function readIdlePolicyConfig(
  gpuProvisioning: Config,
): IdlePolicyConfig {
  const config = gpuProvisioning.getOptionalConfig('idlePolicy');
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? false,
    dryRun: config?.getOptionalBoolean('dryRun') ?? true,
    idleHours: hours(config, 'idleHours', 24),
    graceHours: hours(config, 'graceHours', 24),
  };
}
