/**
 * The patch formats of the Kubernetes API: JSON merge patch (RFC 7386), JSON
 * patch (RFC 6902) and strategic merge patch for the types the emulator serves.
 */
import { ApiError } from './ApiError';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** RFC 7386: objects merge, `null` deletes, everything else replaces. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = jsonMergePatch(result[key], value) as Json;
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) {
    throw ApiError.badRequest(`invalid JSON pointer "${path}"`);
  }
  return path
    .slice(1)
    .split('/')
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The child of an array or object at a pointer segment. */
function child(value: Json | undefined, part: string): Json | undefined {
  if (Array.isArray(value)) return value[Number(part)];
  if (isObject(value)) return value[part];
  return undefined;
}

function parentOf(doc: Json, parts: string[], path: string): [Json, string] {
  let current = doc;
  for (const part of parts.slice(0, -1)) {
    const next = child(current, part);
    if (next === undefined) {
      throw ApiError.internal(`jsonpatch path ${path}: doc is missing path`);
    }
    current = next;
  }
  return [current, parts[parts.length - 1]];
}

function getAt(doc: Json, path: string): Json {
  let current: Json | undefined = doc;
  for (const part of pointer(path)) {
    current = child(current, part);
    if (current === undefined) {
      throw ApiError.internal(`jsonpatch path ${path}: doc is missing key`);
    }
  }
  return current;
}

function addAt(doc: Json, path: string, value: Json): Json {
  const parts = pointer(path);
  if (parts.length === 0) return value;
  const [parent, key] = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw ApiError.internal(
        `jsonpatch add operation: index out of bounds: ${key}`,
      );
    }
    parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    parent[key] = value;
  } else {
    throw ApiError.internal(
      `jsonpatch add operation: ${path} has no parent object`,
    );
  }
  return doc;
}

function removeAt(doc: Json, path: string): Json {
  const parts = pointer(path);
  const [parent, key] = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!(index >= 0 && index < parent.length)) {
      throw ApiError.internal(
        `jsonpatch remove operation: index out of bounds: ${key}`,
      );
    }
    parent.splice(index, 1);
  } else if (isObject(parent) && key in parent) {
    delete parent[key];
  } else {
    throw ApiError.internal(
      `jsonpatch remove operation does not apply: doc is missing path: "${path}"`,
    );
  }
  return doc;
}

type JsonPatchOperation = {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
};

/** RFC 6902 JSON patch. */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw ApiError.badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = clone(target) as Json;
  for (const raw of operations as JsonPatchOperation[]) {
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, clone(raw.value ?? null));
        break;
      case 'remove':
        doc = removeAt(doc, raw.path);
        break;
      case 'replace':
        getAt(doc, raw.path);
        doc = removeAt(doc, raw.path);
        doc = addAt(doc, raw.path, clone(raw.value ?? null));
        break;
      case 'move': {
        const value = getAt(doc, raw.from ?? '');
        doc = removeAt(doc, raw.from ?? '');
        doc = addAt(doc, raw.path, value);
        break;
      }
      case 'copy':
        doc = addAt(doc, raw.path, clone(getAt(doc, raw.from ?? '')));
        break;
      case 'test':
        if (
          JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)
        ) {
          throw ApiError.internal(`testing value ${raw.path} failed`);
        }
        break;
      default:
        throw ApiError.badRequest(
          `Unexpected kind: ${(raw as { op: string }).op}`,
        );
    }
  }
  return doc;
}

/** How a list field merges in a strategic merge patch. */
export type ListStrategy =
  | { type: 'merge'; key: string }
  | { type: 'set' }
  | { type: 'atomic' };

/**
 * List merge strategies of the built-in types we serve, from their Go struct
 * tags (`patchStrategy:"merge" patchMergeKey:"..."`). `path` is the field path
 * without list indices, for example `spec.template.spec.containers`.
 */
export function listStrategy(kind: string, path: string[]): ListStrategy {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return { type: 'merge', key: 'name' };
    case 'volumeMounts':
      return { type: 'merge', key: 'mountPath' };
    case 'volumeDevices':
      return { type: 'merge', key: 'devicePath' };
    case 'ports':
      // Container ports merge on containerPort; a Service's on port.
      return kind === 'Service' && parent === 'spec'
        ? { type: 'merge', key: 'port' }
        : { type: 'merge', key: 'containerPort' };
    case 'conditions':
      return { type: 'merge', key: 'type' };
    case 'ownerReferences':
      return { type: 'merge', key: 'uid' };
    case 'hostAliases':
      return { type: 'merge', key: 'ip' };
    case 'topologySpreadConstraints':
      return { type: 'merge', key: 'topologyKey' };
    case 'finalizers':
      return { type: 'set' };
    default:
      return { type: 'atomic' };
  }
}

const DIRECTIVE = '$patch';
const ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';
const RETAIN_KEYS = '$retainKeys';

function mergeList(
  kind: string,
  path: string[],
  original: Json[],
  patch: Json[],
): Json[] {
  const strategy = listStrategy(kind, path);
  if (strategy.type === 'atomic') {
    return clone(patch.filter(item => !(isObject(item) && item[DIRECTIVE])));
  }
  if (strategy.type === 'set') {
    const result = clone(original);
    for (const item of patch) if (!result.includes(item)) result.push(item);
    return result;
  }
  const { key } = strategy;
  const result = clone(original);
  for (const item of patch) {
    if (!isObject(item)) continue;
    if (item[DIRECTIVE] === 'replace')
      return clone(patch.filter(p => p !== item));
    const index = result.findIndex(r => isObject(r) && r[key] === item[key]);
    if (item[DIRECTIVE] === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      result[index] = strategicMerge(kind, path, result[index], item) as Json;
    } else {
      result.push(strategicMerge(kind, path, {}, item) as Json);
    }
  }
  return result;
}

/**
 * Strategic merge patch: like a JSON merge patch, except that lists with a
 * merge key merge item by item and the `$patch` directives are honoured.
 */
export function strategicMerge(
  kind: string,
  path: string[],
  original: unknown,
  patch: unknown,
): unknown {
  if (!isObject(patch)) return clone(patch);
  if (patch[DIRECTIVE] === 'delete') return undefined;
  const base: JsonObject =
    patch[DIRECTIVE] === 'replace' || !isObject(original)
      ? {}
      : clone(original);
  const retainKeys = patch[RETAIN_KEYS];
  for (const [key, value] of Object.entries(patch)) {
    if (
      key === DIRECTIVE ||
      key === RETAIN_KEYS ||
      key.startsWith(ORDER_PREFIX)
    ) {
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVE_PREFIX)) {
      const field = key.slice(DELETE_PRIMITIVE_PREFIX.length);
      const current = base[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        base[field] = current.filter(item => !value.includes(item));
      }
      continue;
    }
    if (value === null) {
      delete base[key];
    } else if (Array.isArray(value)) {
      const current = base[key];
      base[key] = mergeList(
        kind,
        [...path, key],
        Array.isArray(current) ? current : [],
        value,
      );
    } else if (isObject(value)) {
      const merged = strategicMerge(kind, [...path, key], base[key], value);
      if (merged === undefined) delete base[key];
      else base[key] = merged as Json;
    } else {
      base[key] = value;
    }
  }
  if (Array.isArray(retainKeys)) {
    for (const key of Object.keys(base)) {
      if (!retainKeys.includes(key)) delete base[key];
    }
  }
  return base;
}
