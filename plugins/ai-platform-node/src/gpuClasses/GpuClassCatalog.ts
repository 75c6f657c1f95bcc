import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { GpuClass, GpuClassField, GpuClassWith, GpuMigProfile } from './types';

/** The config key every backend reads GPU classes from. */
export const GPU_CLASSES_CONFIG_KEY = 'gpuProvisioning.gpuClasses';

function positive(value: number, key: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InputError(`${key} must be a positive number, not ${value}`);
  }
  return value;
}

function notNegative(value: number, key: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError(`${key} must be zero or more, not ${value}`);
  }
  return value;
}

function readMigProfiles(c: Config, key: string): GpuMigProfile[] {
  const names = new Set<string>();
  return (c.getOptionalConfigArray('migProfiles') ?? []).map((m, i) => {
    const at = `${key}.migProfiles[${i}]`;
    const name = m.getString('name');
    if (names.has(name)) {
      throw new InputError(`${at}.name: MIG profile '${name}' is listed twice`);
    }
    names.add(name);
    return {
      name,
      memoryMiB: positive(m.getNumber('memoryMiB'), `${at}.memoryMiB`),
      hourlyRate: notNegative(m.getNumber('hourlyRate'), `${at}.hourlyRate`),
    };
  });
}

function readGpuClass(c: Config, key: string): GpuClass {
  const id = c.getString('id');
  if (!id.trim()) throw new InputError(`${key}.id must not be empty`);
  const hourlyRate = c.getOptionalNumber('hourlyRate');
  return {
    id,
    displayName: c.getOptionalString('displayName'),
    productLabel: c.getOptionalString('productLabel'),
    memoryMiB: positive(c.getNumber('memoryMiB'), `${key}.memoryMiB`),
    hourlyRate:
      hourlyRate === undefined
        ? undefined
        : notNegative(hourlyRate, `${key}.hourlyRate`),
    migProfiles: readMigProfiles(c, key),
  };
}

/**
 * The GPU classes of `gpuProvisioning.gpuClasses`, read and validated once
 * for every backend: provisioning, usage, cost and the model catalog agree on
 * what a class is. A malformed entry throws an `InputError` naming its key.
 *
 * @public
 */
export class GpuClassCatalog {
  private constructor(
    private readonly key: string,
    private readonly classes: GpuClass[] | undefined,
  ) {}

  /**
   * Reads `gpuProvisioning.gpuClasses`, or `options.key` for a plugin's own
   * list in the same shape (the model catalog's `modelCatalog.gpuClasses`).
   */
  static fromConfig(
    config: Config,
    options: { key?: string } = {},
  ): GpuClassCatalog {
    const key = options.key ?? GPU_CLASSES_CONFIG_KEY;
    if (!config.has(key)) return new GpuClassCatalog(key, undefined);
    const ids = new Set<string>();
    const classes = config.getConfigArray(key).map((c, i) => {
      const gpuClass = readGpuClass(c, `${key}[${i}]`);
      if (ids.has(gpuClass.id)) {
        throw new InputError(
          `${key}[${i}].id: id '${gpuClass.id}' is used twice`,
        );
      }
      ids.add(gpuClass.id);
      return gpuClass;
    });
    return new GpuClassCatalog(key, classes);
  }

  /** Whether the key is in the config at all (an empty list is configured). */
  isConfigured(): boolean {
    return this.classes !== undefined;
  }

  /** Every class, in config order. */
  list(): GpuClass[] {
    return (this.classes ?? []).map(copyOf);
  }

  /** One class by id, or undefined. */
  get(id: string): GpuClass | undefined {
    const found = this.classes?.find(c => c.id === id);
    return found && copyOf(found);
  }

  /**
   * Every class, with `fields` present on each: a backend that needs a class's
   * product label or rate calls this at start-up and fails naming the key of
   * the first class without it.
   */
  require<K extends GpuClassField>(
    fields: readonly K[],
    options: {
      /** Who needs the fields, for the message: "GPU provisioning". */
      by: string;
    },
  ): Array<GpuClassWith<K>> {
    return this.list().map((c, i) => {
      for (const field of fields) {
        if (c[field] === undefined) {
          throw new InputError(
            `${this.key}[${i}].${field} is required by ${options.by} (class '${c.id}')`,
          );
        }
      }
      return c as GpuClassWith<K>;
    });
  }
}

function copyOf(c: GpuClass): GpuClass {
  return { ...c, migProfiles: c.migProfiles.map(m => ({ ...m })) };
}
