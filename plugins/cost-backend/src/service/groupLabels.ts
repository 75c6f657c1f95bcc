import { CostQuery } from '@ai-platform/plugin-cost-common';
import { CostOrganisation } from '../catalog/CostOrganisation';

/**
 * How the keys of a split are shown: groups by their title (the subject
 * itself as "(direct)" in a child-team split), anything else as it is.
 */
export async function groupLabels(
  organisation: CostOrganisation,
  splitBy: CostQuery['splitBy'] | 'team',
): Promise<(key: string, subjectRef?: string) => string> {
  if (splitBy !== 'childTeam' && splitBy !== 'team') return key => key;
  const groups = await organisation.groups();
  return (key, subjectRef) => {
    const title = groups.get(key)?.title ?? key;
    return key === subjectRef && splitBy === 'childTeam'
      ? `${title} (direct)`
      : title;
  };
}
