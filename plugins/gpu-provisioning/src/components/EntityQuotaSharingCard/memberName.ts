import { parseEntityRef } from '@backstage/catalog-model';

/** A cohort member as people know it: its team's name, else its ClusterQueue's. */
export function memberName(member: {
  team?: string;
  clusterQueue: string;
}): string {
  if (!member.team) return member.clusterQueue;
  try {
    return parseEntityRef(member.team).name;
  } catch {
    return member.clusterQueue;
  }
}

/** The name of either side of a loan. */
export function loanSide(clusterQueue: string, team?: string): string {
  return memberName({ team, clusterQueue });
}
