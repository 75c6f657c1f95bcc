import { isAbsolute, resolve } from 'node:path';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { HumanDuration } from '@backstage/types';
import {
  DEFAULT_COST_CENTER_TAG_KEY,
  DEFAULT_ENTITY_TAG_KEY,
  DEFAULT_GPU_CLASS_TAG_KEY,
  DEFAULT_TEAM_TAG_KEY,
} from '@ai-platform/plugin-cost-common';
import { DEFAULT_MAX_GZIP_RATIO } from '../ingest/decodeFocusBytes';
import { RateCard, parseRateCard, readRateCardFile } from './rateCard';

/** Default of `cost.ingest.maxUploadBytes`: 512 MiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/**
 * Default of `cost.ingest.lineItemsDirectory`, under the backend's working
 * directory: in `.data/`, which git ignores, as the suite's other runtime state.
 */
export const DEFAULT_LINE_ITEMS_DIRECTORY = '.data/cost/line-items';

/** The `cost` config, read and defaulted. */
export interface CostConfig {
  currency: string;
  admins: string[];
  ingest: {
    folders: string[];
    frequency: HumanDuration;
    maxErrorRatio: number;
    maxRecordBytes: number;
    maxUploadBytes: number;
    maxGzipRatio: number;
    /** `javascript` (line items in the database) or `duckdb` (line items in Parquet files). */
    engine: 'javascript' | 'duckdb';
    /** Folder of the DuckDB ingest's Parquet line-item files; shared by all replicas. */
    lineItemsDirectory: string;
    /** DuckDB's memory limit for one ingest. */
    duckdbMemoryLimitMiB: number;
  };
  allocation: {
    entityTagKey: string;
    teamTagKey: string;
    costCenterTagKey: string;
    gpuClassTagKey: string;
    subAccountTeams: Map<string, string>;
  };
  gpu: {
    rateCard?: RateCard;
    frequency: HumanDuration;
    lookbackDays: number;
  };
  serving: {
    chargebackFrequency: HumanDuration;
  };
  budgets: {
    frequency: HumanDuration;
  };
}

function duration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config?.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

/** Normalises a group ref or bare group name to its comparison key, `group:default/<name>`. */
export function groupRef(value: string): string {
  return entityRefKey(value, { defaultKind: 'group' });
}

/**
 * DuckDB's memory limit for one ingest by default: the ingest's resident
 * memory stays within about this much above the backend's, from 1,000,000
 * to 10,000,000 rows (bench/README.md).
 */
export const DEFAULT_DUCKDB_MEMORY_LIMIT_MIB = 128;

/** Reads the `cost` config section. */
export function readCostConfig(root: Config): CostConfig {
  const config = root.getOptionalConfig('cost');
  const ingest = config?.getOptionalConfig('ingest');
  const allocation = config?.getOptionalConfig('allocation');
  const gpu = config?.getOptionalConfig('gpu');

  const maxErrorRatio = ingest?.getOptionalNumber('maxErrorRatio') ?? 0;
  if (maxErrorRatio < 0 || maxErrorRatio > 1) {
    throw new InputError('cost.ingest.maxErrorRatio must be between 0 and 1');
  }

  const maxUploadBytes =
    ingest?.getOptionalNumber('maxUploadBytes') ?? DEFAULT_MAX_UPLOAD_BYTES;
  if (!Number.isInteger(maxUploadBytes) || maxUploadBytes < 1) {
    throw new InputError(
      'cost.ingest.maxUploadBytes must be a positive whole number of bytes',
    );
  }
  const maxGzipRatio =
    ingest?.getOptionalNumber('maxGzipRatio') ?? DEFAULT_MAX_GZIP_RATIO;
  if (!(maxGzipRatio >= 1)) {
    throw new InputError('cost.ingest.maxGzipRatio must be at least 1');
  }

  const engine = ingest?.getOptionalString('engine') ?? 'duckdb';
  if (engine !== 'javascript' && engine !== 'duckdb') {
    throw new InputError("cost.ingest.engine must be 'javascript' or 'duckdb'");
  }
  const lineItemsDirectory =
    ingest?.getOptionalString('lineItemsDirectory') ??
    DEFAULT_LINE_ITEMS_DIRECTORY;
  const duckdbMemoryLimitMiB =
    ingest?.getOptionalNumber('duckdbMemoryLimitMiB') ??
    DEFAULT_DUCKDB_MEMORY_LIMIT_MIB;
  if (!Number.isInteger(duckdbMemoryLimitMiB) || duckdbMemoryLimitMiB < 64) {
    throw new InputError(
      'cost.ingest.duckdbMemoryLimitMiB must be a whole number of at least 64',
    );
  }

  let rateCard: RateCard | undefined;
  const inline = gpu?.getOptional('rateCard');
  const file = gpu?.getOptionalString('rateCardFile');
  if (inline !== undefined) {
    rateCard = parseRateCard(inline, 'cost.gpu.rateCard');
  } else if (file) {
    rateCard = readRateCardFile(isAbsolute(file) ? file : resolve(file));
  }

  const subAccountTeams = new Map<string, string>();
  for (const mapping of allocation?.getOptionalConfigArray('subAccountTeams') ??
    []) {
    subAccountTeams.set(
      mapping.getString('subAccountId'),
      groupRef(mapping.getString('team')),
    );
  }

  return {
    currency: config?.getOptionalString('currency') ?? 'USD',
    admins: (config?.getOptionalStringArray('admins') ?? []).map(r =>
      entityRefKey(r, { defaultKind: 'group' }),
    ),
    ingest: {
      folders: (ingest?.getOptionalStringArray('folders') ?? []).map(f =>
        isAbsolute(f) ? f : resolve(f),
      ),
      frequency: duration(ingest, 'frequency', { minutes: 10 }),
      maxErrorRatio,
      maxRecordBytes:
        ingest?.getOptionalNumber('maxRecordBytes') ?? 1024 * 1024,
      maxUploadBytes,
      maxGzipRatio,
      engine,
      lineItemsDirectory: isAbsolute(lineItemsDirectory)
        ? lineItemsDirectory
        : resolve(lineItemsDirectory),
      duckdbMemoryLimitMiB,
    },
    allocation: {
      entityTagKey:
        allocation?.getOptionalString('entityTagKey') ?? DEFAULT_ENTITY_TAG_KEY,
      teamTagKey:
        allocation?.getOptionalString('teamTagKey') ?? DEFAULT_TEAM_TAG_KEY,
      costCenterTagKey:
        allocation?.getOptionalString('costCenterTagKey') ??
        DEFAULT_COST_CENTER_TAG_KEY,
      gpuClassTagKey:
        allocation?.getOptionalString('gpuClassTagKey') ??
        DEFAULT_GPU_CLASS_TAG_KEY,
      subAccountTeams,
    },
    gpu: {
      rateCard,
      frequency: duration(gpu, 'frequency', { hours: 1 }),
      lookbackDays: gpu?.getOptionalNumber('lookbackDays') ?? 7,
    },
    serving: {
      chargebackFrequency: duration(
        config?.getOptionalConfig('serving'),
        'chargebackFrequency',
        { hours: 1 },
      ),
    },
    budgets: {
      frequency: duration(config?.getOptionalConfig('budgets'), 'frequency', {
        hours: 1,
      }),
    },
  };
}
