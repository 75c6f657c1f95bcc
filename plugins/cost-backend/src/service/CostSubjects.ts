import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { UNALLOCATED } from '@ai-platform/plugin-cost-common';
import { CostOrganisation } from '../catalog/CostOrganisation';
import { CostSubject } from '../permissions/costSubjectResourceRef';
import { Subject } from './types';

/** An entity ref's comparison key (case-insensitive); a malformed one lower-cased. */
export const refKey = (ref: string) => {
  try {
    return entityRefKey(ref);
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
};

/**
 * Turns the refs callers name into cost subjects: an entity, or a group with
 * every team below it, for the queries and for the permission rules.
 */
export class CostSubjects {
  static create(options: { organisation: CostOrganisation }): CostSubjects {
    return new CostSubjects(options.organisation);
  }

  private constructor(private readonly organisation: CostOrganisation) {}

  /**
   * The subject named by `rawRef`; a group's filter holds it and every group
   * below it (and, at an organisation's root, what could not be allocated).
   */
  async resolve(rawRef: string): Promise<Subject> {
    let parsed;
    try {
      parsed = parseEntityRef(rawRef);
    } catch (error) {
      throw new InputError(`entityRef: ${String(error)}`);
    }
    const ref = refKey(`${parsed.kind}:${parsed.namespace}/${parsed.name}`);
    if (parsed.kind.toLocaleLowerCase('en-US') === 'group') {
      const groups = await this.organisation.groups();
      if (!groups.has(ref)) {
        throw new NotFoundError(`entityRef: no group ${ref} in the catalog`);
      }
      const teams = await this.organisation.descendants(ref);
      // The organisation's total includes what could not be allocated, so
      // it matches the bills.
      const group = groups.get(ref)!;
      if (!group.parentRef && group.type === 'organization') {
        teams.push(UNALLOCATED);
      }
      return { ref, kind: 'group', filter: { teams } };
    }
    return { ref, kind: 'entity', filter: { entityRef: ref } };
  }

  /** A budget's group as a subject: the group and every group below it. */
  async ofBudgetGroup(groupRef: string): Promise<Subject> {
    return {
      ref: groupRef,
      kind: 'group',
      filter: { teams: await this.organisation.descendants(groupRef) },
    };
  }

  /** The permission framework's view of subjects (for conditional decisions). */
  async forPermissions(
    refs: string[],
  ): Promise<Array<CostSubject | undefined>> {
    const [groups, owners] = await Promise.all([
      this.organisation.groups(),
      this.organisation.owners(),
    ]);
    return Promise.all(
      refs.map(async raw => {
        const ref = refKey(raw);
        const team = groups.has(ref) ? ref : owners.get(ref) ?? null;
        const ancestors =
          team && team.startsWith('group:')
            ? await this.organisation.ancestors(team)
            : [];
        return { ref, team, ancestors };
      }),
    );
  }
}
