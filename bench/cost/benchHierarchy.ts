import { CostGroup } from '@ai-platform/plugin-cost-common';
import { CostOrganisation } from '../../plugins/cost-backend/src/catalog/CostOrganisation';
import { DEPARTMENTS, TEAMS } from './settings';

/** The bench org: org → 8 departments → 40 teams. */
export function benchHierarchy(): CostOrganisation {
  const groups = new Map<string, CostGroup>();
  const add = (ref: string, parentRef: string | null, type: string) =>
    groups.set(ref, {
      ref,
      title: ref.split('/')[1],
      type,
      parentRef,
      childRefs: [],
    });
  add('group:default/org', null, 'organization');
  for (let d = 0; d < DEPARTMENTS; d++)
    add(`group:default/dept-${d}`, 'group:default/org', 'department');
  for (let t = 0; t < TEAMS; t++)
    add(
      `group:default/team-${t}`,
      `group:default/dept-${t % DEPARTMENTS}`,
      'team',
    );
  for (const g of groups.values())
    if (g.parentRef) groups.get(g.parentRef)!.childRefs.push(g.ref);
  const descendants = (ref: string): string[] => [
    ref,
    ...(groups.get(ref)?.childRefs ?? []).flatMap(descendants),
  ];
  return {
    groups: async () => groups,
    descendants: async ref => descendants(ref),
    ancestors: async ref => {
      const out: string[] = [];
      let p = groups.get(ref)?.parentRef ?? null;
      while (p) {
        out.push(p);
        p = groups.get(p)?.parentRef ?? null;
      }
      return out;
    },
    owners: async () => new Map(),
  };
}
