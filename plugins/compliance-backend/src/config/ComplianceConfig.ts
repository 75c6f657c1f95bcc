import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { ComplianceLevel } from '@ai-platform/plugin-compliance-common';
import {
  BUILT_IN_DEFINITIONS_DIR,
  DefinitionSource,
  readDefinitionsDirectory,
} from '../frameworks/FrameworkRegistry';

/** The `compliance` config, with defaults applied. */
export interface ComplianceConfig {
  levels: ComplianceLevel[];
  approvers: string[];
  fullFrequency: HumanDuration;
  incrementalFrequency: HumanDuration;
  historyRetentionDays: number;
  maxWaiverDays: number;
  allowedRegistries: string[];
  grantsEnabled: boolean;
  restrictedClusters: string[];
  allowedLicenses: string[];
  definitionSources: DefinitionSource[];
}

/** The default levels: Bronze from 60, Silver from 80, Gold from 95. */
export const DEFAULT_LEVELS: ComplianceLevel[] = [
  { name: 'Gold', minScore: 95 },
  { name: 'Silver', minScore: 80 },
  { name: 'Bronze', minScore: 60 },
];

/** Licences allowed when `compliance.models.allowedLicenses` is not set. */
export const DEFAULT_ALLOWED_LICENSES = ['Apache-2.0', 'MIT', 'BSD-3-Clause'];

function duration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

/** Reads `compliance`; throws an error naming the key on bad values. */
export function readComplianceConfig(root: Config): ComplianceConfig {
  const config = root.getOptionalConfig('compliance');
  const get = <T>(fn: (cfg: Config) => T | undefined, fallback: T): T =>
    (config ? fn(config) : undefined) ?? fallback;
  const levels = get(
    cfg =>
      cfg.getOptionalConfigArray('levels')?.map(l => ({
        name: l.getString('name'),
        minScore: l.getNumber('minScore'),
      })),
    DEFAULT_LEVELS,
  );
  for (const [i, l] of levels.entries())
    if (!(l.minScore >= 0 && l.minScore <= 100))
      throw new Error(
        `compliance.levels[${i}].minScore must be between 0 and 100, got ${l.minScore}`,
      );
  const sources: DefinitionSource[] = [];
  if (get(cfg => cfg.getOptionalBoolean('definitions.includeBuiltIn'), true))
    sources.push(...readDefinitionsDirectory(BUILT_IN_DEFINITIONS_DIR));
  for (const dir of get(
    cfg => cfg.getOptionalStringArray('definitions.directories'),
    [],
  ))
    sources.push(...readDefinitionsDirectory(dir));
  const inline = config?.getOptionalConfig('definitions');
  if (inline) {
    const content: Record<string, unknown> = {};
    for (const key of ['checks', 'frameworks', 'crosswalk'])
      if (inline.has(key)) content[key] = inline.get(key);
    if (Object.keys(content).length)
      sources.push({ origin: 'config compliance.definitions', content });
  }
  const retention = get(
    cfg => cfg.getOptionalNumber('history.retentionDays'),
    365,
  );
  if (!(Number.isInteger(retention) && retention > 0))
    throw new Error(
      'compliance.history.retentionDays must be a positive integer',
    );
  return {
    levels,
    approvers: get(cfg => cfg.getOptionalStringArray('approvers'), []),
    fullFrequency: config
      ? duration(config, 'schedule.full', { hours: 6 })
      : { hours: 6 },
    incrementalFrequency: config
      ? duration(config, 'schedule.incremental', { minutes: 5 })
      : { minutes: 5 },
    historyRetentionDays: retention,
    maxWaiverDays: get(cfg => cfg.getOptionalNumber('waivers.maxDays'), 365),
    allowedRegistries: get(
      cfg => cfg.getOptionalStringArray('kubernetes.allowedRegistries'),
      [],
    ),
    grantsEnabled: get(cfg => cfg.getOptionalBoolean('grants.enabled'), true),
    restrictedClusters: get(
      cfg => cfg.getOptionalStringArray('grants.restrictedClusters'),
      [],
    ),
    allowedLicenses: get(
      cfg => cfg.getOptionalStringArray('models.allowedLicenses'),
      DEFAULT_ALLOWED_LICENSES,
    ),
    definitionSources: sources,
  };
}
