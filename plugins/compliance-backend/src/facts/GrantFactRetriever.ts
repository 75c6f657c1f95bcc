import { Entity } from '@backstage/catalog-model';
import { fullRef, refOf } from './entityRefs';
import { EntityFacts, FactContext, FactRetriever } from './types';

/** A GPU grant as the compliance checks see it. */
export interface GrantRecord {
  id: string;
  /** The catalog entity the GPUs are for, when the request named one. */
  entityRef?: string;
  team: string;
  cluster: string;
  status: string;
  dataClassification: string;
  justification?: string;
  durationHours?: number;
  expiresAt?: string;
  namespace?: string;
}

/** Where GPU grants come from: the gpu-provisioning backend in production. */
export interface GrantSource {
  /** Every grant that still holds or may hold GPUs. */
  listGrants(): Promise<GrantRecord[]>;
}

/** Statuses in which a grant holds, or is about to hold, GPUs. */
const HOLDING = new Set([
  'pending-approval',
  'approved',
  'provisioning',
  'active',
  'namespace-missing',
]);

/**
 * Facts about the GPU grants made for an entity: restricted data only on
 * clusters approved for it, every grant justified and time-limited.
 */
export class GrantFactRetriever implements FactRetriever {
  readonly id = 'grants';

  private constructor(
    private readonly source: GrantSource,
    private readonly restrictedClusters: Set<string>,
  ) {}

  static create(options: {
    source: GrantSource;
    restrictedClusters: string[];
  }): GrantFactRetriever {
    return new GrantFactRetriever(
      options.source,
      new Set(options.restrictedClusters),
    );
  }

  async retrieve(
    entities: Entity[],
    context: FactContext,
  ): Promise<Map<string, EntityFacts>> {
    const collectedAt = context.now.toISOString();
    const out = new Map<string, EntityFacts>();
    let grants: GrantRecord[];
    try {
      grants = (await this.source.listGrants()).filter(g =>
        HOLDING.has(g.status),
      );
    } catch (error) {
      const message = `GPU grants could not be read: ${
        error instanceof Error ? error.message : String(error)
      }`;
      for (const entity of entities)
        out.set(refOf(entity), {
          retriever: this.id,
          collectedAt,
          values: {},
          error: message,
        });
      return out;
    }
    const byEntity = new Map<string, GrantRecord[]>();
    for (const grant of grants) {
      if (!grant.entityRef) continue;
      const key = fullRef(grant.entityRef, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      if (!key) continue;
      byEntity.set(key, [...(byEntity.get(key) ?? []), grant]);
    }
    for (const entity of entities) {
      const ref = refOf(entity);
      const mine = byEntity.get(ref) ?? [];
      out.set(ref, {
        retriever: this.id,
        collectedAt,
        values: {
          'grants.count': mine.length,
          'grants.ids': mine.map(g => g.id),
          'grants.namespaces': mine
            .filter(g => g.namespace)
            .map(g => `${g.cluster}/${g.namespace}`),
          'grants.restrictedOnDisallowedClusters': mine
            .filter(
              g =>
                g.dataClassification === 'restricted' &&
                !this.restrictedClusters.has(g.cluster),
            )
            .map(g => `${g.id} on ${g.cluster}`),
          'grants.withoutJustificationOrExpiry': mine
            .filter(
              g =>
                !g.justification?.trim() ||
                !(g.expiresAt || (g.durationHours ?? 0) > 0),
            )
            .map(g => g.id),
        },
      });
    }
    return out;
  }
}
