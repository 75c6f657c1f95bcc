import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { ComplianceStore } from '../database/types';
import { Rollup, rollUpSums } from './rollups';

/**
 * The stored scores rolled up along the catalog's Group tree, the one the
 * Cost and GPU usage tabs roll up along too, so a manager sees the same team
 * in every tab. The database sums the scores per owning group and per
 * system; only those sums are added up the tree here.
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

  /** The roll-ups of every group (and of every system unless `groupsOnly`). */
  async compute(options: { groupsOnly?: boolean } = {}): Promise<Rollup[]> {
    const [owners, systems] = await Promise.all([
      this.store.scoreSums('owner'),
      options.groupsOnly ? [] : this.store.scoreSums('system'),
    ]);
    return rollUpSums(systems, owners, await this.ancestorsOf(owners));
  }

  /**
   * The roll-ups of the given subjects only: a group's from the owners
   * below it, a system's from its own and its parts' scores.
   */
  async computeFor(subjectRefs: string[]): Promise<Rollup[]> {
    const groups = subjectRefs.filter(r => r.startsWith('group:'));
    const others = subjectRefs.filter(r => !r.startsWith('group:'));
    const below = new Set<string>();
    for (const group of groups)
      for (const ref of await this.groupTree.descendants(group)) below.add(ref);
    const [owners, systems] = await Promise.all([
      below.size ? this.store.scoreSums('owner', [...below]) : [],
      others.length ? this.store.scoreSums('system', others) : [],
    ]);
    const wanted = new Set(subjectRefs);
    return rollUpSums(systems, owners, await this.ancestorsOf(owners)).filter(
      r => wanted.has(r.subjectRef),
    );
  }

  /** The group and every group below it, from the catalog. */
  groupAndDescendants(groupRef: string): Promise<string[]> {
    return this.groupTree.descendants(groupRef);
  }

  /** The groups above a group, from the catalog. */
  async groupsAbove(groupRef: string): Promise<string[]> {
    // Only groups count: a parent of another kind ends the walk.
    return (await this.groupTree.ancestors(groupRef)).filter(ref =>
      ref.startsWith('group:'),
    );
  }

  /** Whether the group is in the catalog. */
  hasGroup(groupRef: string): Promise<boolean> {
    return this.groupTree.has(groupRef);
  }

  private async ancestorsOf(
    owners: Array<{ subjectRef: string }>,
  ): Promise<(groupRef: string) => string[]> {
    const above = new Map<string, string[]>();
    for (const { subjectRef } of owners) {
      if (!above.has(subjectRef))
        above.set(subjectRef, await this.groupsAbove(subjectRef));
    }
    return ref => above.get(ref) ?? [];
  }
}
