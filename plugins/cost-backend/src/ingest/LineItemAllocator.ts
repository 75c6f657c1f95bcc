import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { UNALLOCATED } from '@ai-platform/plugin-cost-common';
import { CostConfig } from '../config/CostConfig';
import { AllocatedLineItem, FocusLineItem } from './types';

/** A kind, namespace or name of an entity ref in a billing tag. */
export const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/**
 * Normalises a tag value to a full entity ref, or null when it is not one.
 * Tag values are untrusted: anything that is not a well-formed ref is dropped.
 */
export function normalizeEntityRef(
  value: string | undefined,
  defaultKind: string,
): string | null {
  if (!value) return null;
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
    if (
      !SAFE_NAME.test(ref.kind) ||
      !SAFE_NAME.test(ref.namespace) ||
      !SAFE_NAME.test(ref.name)
    ) {
      return null;
    }
    return entityRefKey(stringifyEntityRef(ref));
  } catch {
    return null;
  }
}

/**
 * Allocates a billing line item to an entity, a team and a cost centre: the
 * configured tag keys first, then the entity's owner from the catalog, then
 * the sub-account mapping; what is left is `unallocated`.
 */
export class LineItemAllocator {
  static create(options: {
    allocation: CostConfig['allocation'];
    /** Owner group refs by entity ref, from the catalog. */
    owners: Map<string, string>;
  }): LineItemAllocator {
    return new LineItemAllocator(options.allocation, options.owners);
  }

  /** Normalised refs by raw tag value: tag values repeat on most rows. */
  private readonly refs = new Map<string, string | null>();

  private constructor(
    private readonly allocation: CostConfig['allocation'],
    private readonly owners: Map<string, string>,
  ) {}

  private ref(value: string | undefined, kind: string): string | null {
    if (!value) return null;
    const key = `${kind}\u0000${value}`;
    let ref = this.refs.get(key);
    if (ref === undefined) {
      ref = normalizeEntityRef(value, kind);
      if (this.refs.size > 100_000) this.refs.clear();
      this.refs.set(key, ref);
    }
    return ref;
  }

  /** The allocation and owners, for an ingest that allocates in SQL (DuckDB). */
  tables(): {
    allocation: CostConfig['allocation'];
    owners: ReadonlyMap<string, string>;
  } {
    return { allocation: this.allocation, owners: this.owners };
  }

  allocate(item: FocusLineItem): AllocatedLineItem {
    const { tags } = item;
    const entityRef = this.ref(tags[this.allocation.entityTagKey], 'component');
    const team =
      this.ref(tags[this.allocation.teamTagKey], 'group') ??
      (entityRef ? this.owners.get(entityRef) : undefined) ??
      (item.subAccountId
        ? this.allocation.subAccountTeams.get(item.subAccountId)
        : undefined) ??
      UNALLOCATED;
    const costCenter =
      tags[this.allocation.costCenterTagKey]?.slice(0, 128) ?? null;
    const gpuClass = tags[this.allocation.gpuClassTagKey]?.slice(0, 64) ?? null;
    return { ...item, entityRef, team, costCenter, gpuClass };
  }
}
