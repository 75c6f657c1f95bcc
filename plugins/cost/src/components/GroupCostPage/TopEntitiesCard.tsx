import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';
import { wholeWordsCell } from '@ai-platform/plugin-ai-platform-react';
import { costApiRef } from '../../api';
import { CostErrorPanel } from '../shared/CostErrorPanel';
import { SpendersTable } from '../shared/SpendersTable';

/** Props of {@link TopEntitiesCard}. */
export interface TopEntitiesCardProps {
  entityRef: string;
  from: string;
  to: string;
}

function isEntityRef(key: string): boolean {
  try {
    parseEntityRef(key);
    return key.includes(':');
  } catch {
    return false;
  }
}

/**
 * The entities that cost most under a group, each with the team that owns
 * it in the catalog.
 */
export function TopEntitiesCard(props: TopEntitiesCardProps) {
  const { entityRef, from, to } = props;
  const api = useApi(costApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(async () => {
    const top = await api.getTopSpenders({
      entityRef,
      from,
      to,
      by: 'entity',
      limit: 10,
    });
    const refs = top.items.map(i => i.key).filter(isEntityRef);
    const owners = new Map<string, string>();
    if (refs.length > 0) {
      // Owners are a nicety: a catalog failure leaves the column empty.
      const { items } = await catalogApi
        .getEntitiesByRefs({
          entityRefs: refs,
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
        })
        .catch(() => ({ items: [] }));
      items.forEach((entity, i) => {
        const owner = entity?.spec?.owner;
        if (entity && typeof owner === 'string') {
          owners.set(
            refs[i] ?? stringifyEntityRef(entity),
            stringifyEntityRef(
              parseEntityRef(owner, {
                defaultKind: 'group',
                defaultNamespace: entity.metadata.namespace ?? 'default',
              }),
            ),
          );
        }
      });
    }
    return { top, owners };
  }, [api, catalogApi, entityRef, from, to]);

  let content;
  if (loading) content = <Progress />;
  else if (error) content = <CostErrorPanel error={error} />;
  else if (value)
    content = (
      <SpendersTable
        title="Entity"
        items={value.top.items}
        currency={value.top.currency}
        emptyText="No entity has cost in the range."
        renderName={item =>
          isEntityRef(item.key) ? (
            <EntityRefLink
              entityRef={item.key}
              title={item.label === item.key ? undefined : item.label}
            />
          ) : (
            item.label
          )
        }
        extraColumns={[
          {
            title: 'Owner',
            field: 'key',
            cellStyle: wholeWordsCell,
            sorting: false,
            render: row => {
              const owner = value.owners.get(row.key);
              return owner ? (
                <EntityRefLink entityRef={owner} defaultKind="group" />
              ) : (
                '—'
              );
            },
          },
        ]}
      />
    );
  return (
    <InfoCard
      title="Top entities and owners"
      subheader="The components and resources that cost most"
    >
      {content}
    </InfoCard>
  );
}
