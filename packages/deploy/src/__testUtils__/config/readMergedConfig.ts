import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export type Json =
  | null
  | boolean
  | number
  | string
  | Json[]
  | { [key: string]: Json };

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: Json | undefined, over: Json): Json {
  if (!isObject(base) || !isObject(over)) return over;
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = merge(base[key], value);
  }
  return out;
}

/**
 * Config files merged as Backstage merges `--config` files: objects key by
 * key, later files winning, arrays and scalars replaced whole. `${VAR}`
 * substitutions are left as written.
 */
export function readMergedConfig(dir: string, files: string[]): Json {
  return files.reduce<Json>(
    (merged, file) =>
      merge(merged, parse(fs.readFileSync(path.join(dir, file), 'utf8')) ?? {}),
    {},
  );
}

/** The value at a dotted path (`kubernetes.objectTypes`), or undefined. */
export function configAt(config: Json, key: string): Json | undefined {
  let value: Json | undefined = config;
  for (const part of key.split('.')) {
    value = isObject(value) ? value[part] : undefined;
  }
  return value;
}
