import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { ComplianceStore, StoredEntity, StoredScore } from '../database/types';
import { Rollup, rollUp } from './rollups';

/**
 * The stored scores rolled up along the catalog's Group tree, the one the
 * Cost and GPU usage tabs roll up along too, so a manager sees the same team
 * in every tab.
 */
export class GroupRollups {
  static create(options: {
    store: ComplianceStore;
    groupTree: CatalogGroupTree;
  }) {
    return new GroupRollups(options.store, options.groupTree);
  }

  private constructor(
    private readonly store: ComplianceStore,
    private readonly groupTree: CatalogGroupTree,
  ) {}

  /** Every roll-up, with the stored entities and scores it was computed from. */
  async compute(): Promise<{
    entities: StoredEntity[];
    scores: StoredScore[];
    rollups: Rollup[];
  }> {
    const entities = await this.store.listEntities();
    const scores = await this.store.listScores();
    const owners = new Set(
      entities
        .map(e => e.ownerRef)
        .filter((ref): ref is string => !!ref?.startsWith('group:')),
    );
    const above = new Map<string, string[]>();
    for (const owner of owners) {
      // Only groups count: a parent of another kind ends the walk.
      const ancestors = await this.groupTree.ancestors(owner);
      above.set(
        owner,
        ancestors.filter(ref => ref.startsWith('group:')),
      );
    }
    return {
      entities,
      scores,
      rollups: rollUp(entities, scores, ref => above.get(ref) ?? []),
    };
  }

  /** The group and every group below it, from the catalog. */
  groupAndDescendants(groupRef: string): Promise<string[]> {
    return this.groupTree.descendants(groupRef);
  }

  /** Whether the group is in the catalog. */
  hasGroup(groupRef: string): Promise<boolean> {
    return this.groupTree.has(groupRef);
  }
}
