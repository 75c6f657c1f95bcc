import {
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
} from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { getModelMetadata } from '@ai-platform/plugin-model-catalog-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';

const isResource = (ref: string) =>
  parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'resource';

/**
 * The model's lineage: the base model it was derived from and the models
 * derived from it (dependsOn / dependencyOf between model Resources).
 *
 * @public
 */
export function ModelLineageCard() {
  const { entity } = useEntity();
  const relations = entity.relations ?? [];
  const baseRefs = [
    ...new Set([
      ...relations
        .filter(r => r.type === RELATION_DEPENDS_ON && isResource(r.targetRef))
        .map(r => r.targetRef),
      ...(relations.length === 0 && getModelMetadata(entity).baseModel
        ? [getModelMetadata(entity).baseModel!]
        : []),
    ]),
  ];
  const derived = relations
    .filter(r => r.type === RELATION_DEPENDENCY_OF && isResource(r.targetRef))
    .map(r => r.targetRef);
  return (
    <InfoCard title="Lineage">
      <Typography variant="subtitle2">Based on</Typography>
      {baseRefs.length ? (
        <List dense>
          {baseRefs.map(ref => (
            <ListItem key={ref}>
              <EntityRefLink entityRef={ref} />
            </ListItem>
          ))}
        </List>
      ) : (
        <Typography variant="body2" color="textSecondary" paragraph>
          A base model (no recorded parent).
        </Typography>
      )}
      <Typography variant="subtitle2">Derived models</Typography>
      {derived.length ? (
        <List dense>
          {derived.map(ref => (
            <ListItem key={ref}>
              <EntityRefLink entityRef={ref} />
            </ListItem>
          ))}
        </List>
      ) : (
        <Typography variant="body2" color="textSecondary">
          None in the catalog.
        </Typography>
      )}
    </InfoCard>
  );
}
