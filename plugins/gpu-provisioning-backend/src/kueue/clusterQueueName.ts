import { isDnsSubdomain, toDnsLabel } from '../kubernetes/dnsName';

/**
 * The team's Kueue ClusterQueue: `gpuProvisioning.kueue.clusterQueueTemplate`
 * with `{team}` the team's name as a DNS label (never the raw name). Throws
 * when the template gives no valid object name.
 */
export function clusterQueueName(template: string, teamName: string): string {
  const name = template.replace(/\{team\}/g, toDnsLabel(teamName) ?? 'team');
  if (!isDnsSubdomain(name)) {
    throw new Error(
      `gpuProvisioning.kueue.clusterQueueTemplate gives '${name}', which is not a valid ClusterQueue name`,
    );
  }
  return name;
}

/** The cohort of a department's teams: the department's name as a DNS label. */
export function cohortName(departmentName: string): string {
  return toDnsLabel(departmentName) ?? 'department';
}

/** The ResourceFlavor of a GPU class: `gpuProvisioning.kueue.flavors`, else the class id. */
export function flavorName(
  flavors: Record<string, string>,
  classId: string,
): string {
  const name = flavors[classId] ?? classId;
  if (!isDnsSubdomain(name)) {
    throw new Error(
      `Kueue flavor '${name}' is not a valid ResourceFlavor name`,
    );
  }
  return name;
}
