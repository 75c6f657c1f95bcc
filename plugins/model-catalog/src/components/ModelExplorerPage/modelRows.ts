import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { getModelMetadata } from '@ai-platform/plugin-model-catalog-common';

/** A model as the explorer lists and filters it. */
export interface ModelRow {
  entity: Entity;
  ref: string;
  name: string;
  title: string;
  description: string;
  owner: string;
  lifecycle: string;
  task: string;
  license: string;
  parameters?: number;
  size: string;
  fitsOn: string[];
  tags: string[];
}

/** Size buckets by parameter count. */
export const SIZE_BUCKETS = [
  { id: '< 1B', below: 1e9 },
  { id: '1B – 10B', below: 1e10 },
  { id: '10B – 50B', below: 5e10 },
  { id: '≥ 50B', below: Infinity },
] as const;

/** The facets the explorer filters by. */
export const FACETS = [
  'task',
  'license',
  'size',
  'fitsOn',
  'lifecycle',
  'owner',
] as const;

/** A facet's key. */
export type Facet = (typeof FACETS)[number];

/** Selected values per facet and the search text. */
export interface ModelFilters {
  search: string;
  selected: Partial<Record<Facet, string[]>>;
}

const UNKNOWN = 'unknown';

function sizeOf(parameters: number | undefined): string {
  if (typeof parameters !== 'number') return UNKNOWN;
  return SIZE_BUCKETS.find(b => parameters < b.below)!.id;
}

function ownerName(owner: unknown): string {
  if (typeof owner !== 'string' || !owner) return UNKNOWN;
  try {
    return parseEntityRef(owner, { defaultKind: 'group' }).name;
  } catch {
    return owner;
  }
}

/** Flattens a model entity for the explorer. */
export function toModelRow(entity: Entity): ModelRow {
  const model = getModelMetadata(entity);
  const text = (v: unknown) => (typeof v === 'string' && v ? v : UNKNOWN);
  return {
    entity,
    ref: stringifyEntityRef(entity),
    name: entity.metadata.name,
    title: entity.metadata.title ?? entity.metadata.name,
    description: entity.metadata.description ?? '',
    owner: ownerName(entity.spec?.owner),
    lifecycle: text(entity.spec?.lifecycle),
    task: text(model.task),
    license: text(model.license),
    parameters:
      typeof model.parameters === 'number' ? model.parameters : undefined,
    size: sizeOf(model.parameters),
    fitsOn: Array.isArray(model.fitsOn) ? model.fitsOn : [],
    tags: entity.metadata.tags ?? [],
  };
}

function valuesOf(row: ModelRow, facet: Facet): string[] {
  return facet === 'fitsOn' ? row.fitsOn : [row[facet]];
}

/** The rows that match the search text and every facet with a selection. */
export function filterModels(
  rows: ModelRow[],
  filters: ModelFilters,
): ModelRow[] {
  const words = filters.search
    .toLocaleLowerCase('en-US')
    .split(/\s+/)
    .filter(Boolean);
  return rows.filter(row => {
    const haystack = [
      row.title,
      row.name,
      row.description,
      row.task,
      row.license,
      row.owner,
      ...row.tags,
    ]
      .join(' ')
      .toLocaleLowerCase('en-US');
    if (!words.every(w => haystack.includes(w))) return false;
    return FACETS.every(facet => {
      const selected = filters.selected[facet];
      if (!selected?.length) return true;
      return valuesOf(row, facet).some(v => selected.includes(v));
    });
  });
}

/** Values of a facet with how many rows have each, most common first. */
export function facetValues(
  rows: ModelRow[],
  facet: Facet,
): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const v of valuesOf(row, facet)) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  const order =
    facet === 'size' ? SIZE_BUCKETS.map(b => b.id as string) : undefined;
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) =>
      order
        ? order.indexOf(a.value) - order.indexOf(b.value)
        : b.count - a.count || a.value.localeCompare(b.value),
    );
}

/** A parameter count as people write it: 8.0B, 335M. */
export function formatParameters(parameters: number | undefined): string {
  if (typeof parameters !== 'number') return '—';
  if (parameters >= 1e9) return `${(parameters / 1e9).toFixed(1)}B`;
  if (parameters >= 1e6) return `${Math.round(parameters / 1e6)}M`;
  return String(parameters);
}
