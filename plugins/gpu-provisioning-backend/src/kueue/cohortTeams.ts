import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { parseEntityRef } from '@backstage/catalog-model';
import { KueueCohortConfig } from '../config/kueueCohortConfig';
import { cohortName } from './clusterQueueName';
import { CohortTeam } from './teamClusterQueue';

/**
 * The teams of each configured department, from the suite's Group tree:
 * every group below the department (not the department itself) is in the
 * department's cohort; a team below two configured departments is in the
 * nearer one's.
 */
export async function cohortTeams(
  groupTree: Pick<CatalogGroupTree, 'descendants' | 'ancestors'>,
  cohorts: KueueCohortConfig[],
): Promise<CohortTeam[]> {
  const byDepartment = new Map(cohorts.map(c => [c.department, c]));
  const teams = new Map<string, CohortTeam>();
  for (const cohort of cohorts) {
    const [, ...below] = await groupTree.descendants(cohort.department);
    for (const team of below) {
      if (teams.has(team)) continue;
      const nearest = (await groupTree.ancestors(team)).find(a =>
        byDepartment.has(a),
      )!;
      const config = byDepartment.get(nearest)!;
      teams.set(team, {
        team,
        teamName: parseEntityRef(team).name,
        cohort: cohortName(parseEntityRef(config.department).name),
        config,
      });
    }
  }
  return [...teams.values()].sort((a, b) => a.team.localeCompare(b.team));
}
