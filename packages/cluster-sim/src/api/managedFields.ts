/**
 * Field ownership for server-side apply: which manager set which field, kept
 * in `metadata.managedFields` in the apiserver's FieldsV1 notation
 * (`f:<field>`, `k:<merge key JSON>`, `v:<value JSON>`).
 */
import { ApiError, GroupResource } from './ApiError';
import { clone, isObject, listStrategy, strategicMerge } from './patch';
import { KubeObject, ManagedFieldsEntry } from './types';

/** A field path as FieldsV1 segments, e.g. `['f:spec', 'f:hard', 'f:pods']`. */
type FieldPath = string[];

const key = (path: FieldPath) => JSON.stringify(path);

/** Metadata fields the server owns, never tracked for a manager. */
const SERVER_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'selfLink',
]);

function withoutIndices(path: FieldPath): string[] {
  return path.filter(s => s.startsWith('f:')).map(s => s.slice(2));
}

/** Every leaf field an object sets, as FieldsV1 paths. */
export function fieldLeaves(kind: string, obj: KubeObject): FieldPath[] {
  const leaves: FieldPath[] = [];
  const walk = (value: unknown, path: FieldPath) => {
    if (isObject(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, `f:${k}`]);
      return;
    }
    if (Array.isArray(value) && value.length > 0) {
      const strategy = listStrategy(kind, withoutIndices(path));
      if (strategy.type === 'merge' && value.every(isObject)) {
        for (const item of value as Record<string, unknown>[]) {
          const itemPath = [
            ...path,
            `k:${JSON.stringify({ [strategy.key]: item[strategy.key] })}`,
          ];
          leaves.push(itemPath);
          for (const [k, v] of Object.entries(item))
            walk(v, [...itemPath, `f:${k}`]);
        }
        return;
      }
      if (strategy.type === 'set') {
        for (const item of value)
          leaves.push([...path, `v:${JSON.stringify(item)}`]);
        return;
      }
    }
    leaves.push(path);
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'status') continue;
    if (k === 'metadata' && isObject(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (!SERVER_METADATA.has(mk)) walk(mv, ['f:metadata', `f:${mk}`]);
      }
      continue;
    }
    walk(v, [`f:${k}`]);
  }
  return leaves;
}

function step(value: unknown, segment: string): unknown {
  if (segment.startsWith('f:')) {
    return isObject(value) ? value[segment.slice(2)] : undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const wanted = JSON.parse(segment.slice(2));
  if (segment.startsWith('k:')) {
    return value.find(
      item =>
        isObject(item) &&
        Object.entries(wanted).every(([k, v]) => item[k] === v),
    );
  }
  return value.includes(wanted) ? wanted : undefined;
}

/** The value at a field path, or undefined. */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  return path.reduce<unknown>((value, segment) => step(value, segment), obj);
}

/** Removes the field at a path, and containers it leaves empty. */
function removeAt(obj: Record<string, unknown>, path: FieldPath): void {
  const parents: unknown[] = [obj];
  for (const segment of path.slice(0, -1)) {
    parents.push(step(parents[parents.length - 1], segment));
  }
  const last = path[path.length - 1];
  const parent = parents[parents.length - 1];
  if (last.startsWith('f:') && isObject(parent)) {
    delete parent[last.slice(2)];
  } else if (Array.isArray(parent)) {
    const target = step(parent, last);
    const index = parent.indexOf(target);
    if (index >= 0) parent.splice(index, 1);
  }
}

/** FieldsV1 object from leaf paths. */
export function toFieldsV1(paths: FieldPath[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      node[segment] = node[segment] ?? {};
      node = node[segment] as Record<string, unknown>;
      if (segment.startsWith('k:')) node['.'] = {};
    }
  }
  return root;
}

/** Leaf paths from a FieldsV1 object. */
export function fromFieldsV1(fields: Record<string, unknown>): FieldPath[] {
  const paths: FieldPath[] = [];
  const walk = (node: Record<string, unknown>, path: FieldPath) => {
    const children = Object.keys(node).filter(k => k !== '.');
    if ('.' in node) paths.push(path);
    if (children.length === 0 && !('.' in node)) {
      paths.push(path);
      return;
    }
    for (const child of children)
      walk(node[child] as Record<string, unknown>, [...path, child]);
  };
  for (const [k, v] of Object.entries(fields))
    walk(v as Record<string, unknown>, [k]);
  return paths;
}

/** Renders a path as the apiserver does in conflict messages: `.spec.hard.pods`. */
function describe(path: FieldPath): string {
  return path
    .map(s => (s.startsWith('f:') ? `.${s.slice(2)}` : `[${s.slice(2)}]`))
    .join('');
}

function entriesOf(obj: KubeObject): ManagedFieldsEntry[] {
  return clone(obj.metadata.managedFields ?? []);
}

function isOwnedElsewhere(
  entries: ManagedFieldsEntry[],
  manager: string,
  path: FieldPath,
) {
  const k = key(path);
  return entries.some(
    e =>
      e.manager !== manager && fromFieldsV1(e.fieldsV1).some(p => key(p) === k),
  );
}

function upsertEntry(
  entries: ManagedFieldsEntry[],
  entry: ManagedFieldsEntry,
  paths: FieldPath[],
): ManagedFieldsEntry[] {
  const others = entries.filter(
    e => !(e.manager === entry.manager && e.operation === entry.operation),
  );
  return paths.length
    ? [...others, { ...entry, fieldsV1: toFieldsV1(paths) }]
    : others;
}

/** Drops paths from other managers' entries, removing entries left empty. */
function disown(
  entries: ManagedFieldsEntry[],
  manager: string,
  paths: FieldPath[],
) {
  const dropped = new Set(paths.map(key));
  return entries.flatMap(e => {
    if (e.manager === manager) return [e];
    const kept = fromFieldsV1(e.fieldsV1).filter(p => !dropped.has(key(p)));
    return kept.length ? [{ ...e, fieldsV1: toFieldsV1(kept) }] : [];
  });
}

export interface ApplyOptions {
  gr: GroupResource;
  kind: string;
  apiVersion: string;
  manager: string;
  force: boolean;
  now: string;
}

/**
 * Server-side apply of `config` onto `live` (undefined when creating): merges
 * the config, removes fields this manager applied before and no longer does
 * (unless another manager owns them), and refuses to take over fields that
 * another manager set to a different value unless forced.
 */
export function serverSideApply(
  live: KubeObject | undefined,
  config: KubeObject,
  options: ApplyOptions,
): KubeObject {
  const entries = live ? entriesOf(live) : [];
  const applied = fieldLeaves(options.kind, config);
  const conflicts: Array<{ manager: string; field: string; path: FieldPath }> =
    [];
  if (live) {
    for (const path of applied) {
      const same =
        JSON.stringify(valueAt(live, path)) ===
        JSON.stringify(valueAt(config, path));
      if (same) continue;
      for (const e of entries) {
        if (e.manager === options.manager) continue;
        if (fromFieldsV1(e.fieldsV1).some(p => key(p) === key(path))) {
          conflicts.push({ manager: e.manager, field: describe(path), path });
        }
      }
    }
  }
  if (conflicts.length && !options.force) {
    throw ApiError.applyConflict(options.gr, config.metadata.name, conflicts);
  }

  const base = live ? clone(live) : ({ metadata: {} } as KubeObject);
  const merged = strategicMerge(options.kind, [], base, config) as KubeObject;
  const previous = entries.find(
    e => e.manager === options.manager && e.operation === 'Apply',
  );
  const appliedKeys = new Set(applied.map(key));
  let nextEntries = options.force
    ? disown(
        entries,
        options.manager,
        conflicts.map(c => c.path),
      )
    : entries;
  for (const path of previous ? fromFieldsV1(previous.fieldsV1) : []) {
    if (appliedKeys.has(key(path))) continue;
    if (!isOwnedElsewhere(nextEntries, options.manager, path)) {
      removeAt(merged as unknown as Record<string, unknown>, path);
    }
  }
  nextEntries = upsertEntry(
    nextEntries,
    {
      manager: options.manager,
      operation: 'Apply',
      apiVersion: options.apiVersion,
      time: options.now,
      fieldsType: 'FieldsV1',
      fieldsV1: {},
    },
    applied,
  );
  merged.metadata.managedFields = nextEntries;
  return merged;
}

/**
 * Records a non-apply write (create, update, patch): the manager takes every
 * field it changed, and no manager keeps a field that is gone.
 */
export function recordUpdate(
  before: KubeObject | undefined,
  after: KubeObject,
  options: Omit<ApplyOptions, 'force' | 'gr'>,
): void {
  const leaves = fieldLeaves(options.kind, after);
  const present = new Set(leaves.map(key));
  const changed = leaves.filter(
    path =>
      !before ||
      JSON.stringify(valueAt(before, path)) !==
        JSON.stringify(valueAt(after, path)),
  );
  let entries = (before ? entriesOf(before) : []).flatMap(e => {
    const kept = fromFieldsV1(e.fieldsV1).filter(p => present.has(key(p)));
    return kept.length ? [{ ...e, fieldsV1: toFieldsV1(kept) }] : [];
  });
  if (changed.length) {
    entries = disown(entries, options.manager, changed);
    const own = entries.find(
      e => e.manager === options.manager && e.operation === 'Update',
    );
    const owned = own ? fromFieldsV1(own.fieldsV1) : [];
    const all = [
      ...owned,
      ...changed.filter(c => !owned.some(o => key(o) === key(c))),
    ];
    entries = upsertEntry(
      entries,
      {
        manager: options.manager,
        operation: 'Update',
        apiVersion: options.apiVersion,
        time: options.now,
        fieldsType: 'FieldsV1',
        fieldsV1: {},
      },
      all,
    );
  }
  after.metadata.managedFields = entries;
}
