import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../../api';
import { CostErrorPanel } from '../shared/CostErrorPanel';
import { SpendersTable } from '../shared/SpendersTable';

/** Props of {@link TopServicesCard}. */
export interface TopServicesCardProps {
  entityRef: string;
  from: string;
  to: string;
}

/** The services a group or entity spends most on, with the change. */
export function TopServicesCard(props: TopServicesCardProps) {
  const { entityRef, from, to } = props;
  const api = useApi(costApiRef);
  const { value, loading, error } = useAsync(
    () => api.getTopSpenders({ entityRef, from, to, by: 'service', limit: 8 }),
    [api, entityRef, from, to],
  );
  let content;
  if (loading) content = <Progress />;
  else if (error) content = <CostErrorPanel error={error} />;
  else if (value)
    content = (
      <SpendersTable
        title="Service"
        items={value.items}
        currency={value.currency}
        emptyText="No service cost in the range."
      />
    );
  return (
    <InfoCard title="Top services" subheader="Against the period before">
      {content}
    </InfoCard>
  );
}
