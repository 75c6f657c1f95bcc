import { CostGroup } from '@ai-platform/plugin-cost-common';

/** The organisation as cost roll-ups and permissions need it. */
export interface CostOrganisation {
  /** Every group by ref, with its title, type, parent and children; shared between calls, so read only. */
  groups(): Promise<ReadonlyMap<string, CostGroup>>;
  /** The group, then every group below it in ref order. */
  descendants(groupRef: string): Promise<string[]>;
  /** The groups above a group, nearest first. */
  ancestors(groupRef: string): Promise<string[]>;
  /** Owner refs by entity ref, for every non-group entity with an owner. */
  owners(): Promise<Map<string, string>>;
}
