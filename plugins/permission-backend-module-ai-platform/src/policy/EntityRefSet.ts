import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { refKey } from './entityRefs';

/**
 * A configured set of users and groups (entity refs), compared
 * case-insensitively.
 */
export class EntityRefSet {
  private readonly keys: ReadonlySet<string>;

  /**
   * The refs listed under `key`; an absent key is the empty set.
   * Throws, naming the key, for an entry that is not an entity ref with a
   * kind (`group:default/platform-engineering`, `user:default/ana`).
   */
  static fromConfig(config: RootConfigService, key: string): EntityRefSet {
    const refs = config.getOptionalStringArray(key) ?? [];
    return EntityRefSet.of(refs, key);
  }

  /** The given refs; `source` names where they come from in errors. */
  static of(refs: string[], source = 'entity ref list'): EntityRefSet {
    const keys = new Set<string>();
    refs.forEach((ref, index) => {
      try {
        keys.add(entityRefKey(ref));
      } catch {
        throw new Error(
          `${source}[${index}] must be an entity ref with a kind, such as group:default/platform-engineering or user:default/jane`,
        );
      }
    });
    return new EntityRefSet(keys);
  }

  private constructor(keys: ReadonlySet<string>) {
    this.keys = keys;
  }

  /** Whether the set names this entity. */
  has(ref: string): boolean {
    return this.keys.has(refKey(ref));
  }

  /** Whether the set names the user or one of their groups. */
  includesUserOrGroup(userEntityRef: string, groupRefs: string[]): boolean {
    return this.has(userEntityRef) || groupRefs.some(g => this.has(g));
  }
}
