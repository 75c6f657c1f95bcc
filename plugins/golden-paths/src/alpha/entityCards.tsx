import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isTemplateProvenanceAvailable } from '../provenance/templateProvenance';

/**
 * The template upgrade card on the overview of entities that record the
 * template they were made from, `entity-card:golden-paths/template-upgrade`.
 *
 * @alpha
 */
export const entityTemplateUpgradeCard = EntityCardBlueprint.make({
  name: 'template-upgrade',
  params: {
    filter: isTemplateProvenanceAvailable,
    loader: () =>
      import('../components/EntityTemplateUpgradeCard').then(m => (
        <m.EntityTemplateUpgradeCard />
      )),
  },
});
