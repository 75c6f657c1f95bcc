import { useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import useAsync from 'react-use/esm/useAsync';
import { CostMetric } from '@ai-platform/plugin-cost-common';
import { costApiRef } from '../../api';
import { CostErrorPanel } from '../shared/CostErrorPanel';
import { SpendersTable } from '../shared/SpendersTable';

type By = 'team' | 'entity' | 'service';
const TITLES: Record<By, string> = {
  team: 'Team',
  entity: 'Entity',
  service: 'Service',
};

/** Props of {@link TopSpendersCard}. */
export interface TopSpendersCardProps {
  entityRef: string;
  from: string;
  to: string;
  metric: CostMetric;
}

/** The top ten teams, entities or services under a group or entity. */
export function TopSpendersCard(props: TopSpendersCardProps) {
  const { entityRef, from, to, metric } = props;
  const api = useApi(costApiRef);
  const [by, setBy] = useState<By>('team');
  const { value, loading, error } = useAsync(
    () => api.getTopSpenders({ entityRef, from, to, by, limit: 10, metric }),
    [api, entityRef, from, to, by, metric],
  );

  let content;
  if (loading) content = <Progress />;
  else if (error) content = <CostErrorPanel error={error} />;
  else if (value)
    content = (
      <SpendersTable
        title={TITLES[by]}
        items={value.items}
        currency={value.currency}
        emptyText="Nothing spent in this range."
        renderName={item =>
          by !== 'service' && item.key.includes(':') ? (
            <EntityRefLink
              entityRef={item.key}
              title={item.label === item.key ? undefined : item.label}
              defaultKind={by === 'team' ? 'group' : undefined}
            />
          ) : (
            item.label
          )
        }
      />
    );

  return (
    <InfoCard
      title="Top spenders"
      subheader="Against the period of the same length before"
      action={
        <ToggleButtonGroup
          size="small"
          exclusive
          value={by}
          aria-label="Top spenders by"
          onChange={(_e, next: By | null) => next && setBy(next)}
        >
          {(Object.keys(TITLES) as By[]).map(b => (
            <ToggleButton key={b} value={b}>
              {TITLES[b]}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      }
    >
      {content}
    </InfoCard>
  );
}
