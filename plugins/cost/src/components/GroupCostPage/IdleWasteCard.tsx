import { NUMERIC_CELL } from '../shared/tableStyles';
import {
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { IdleWasteItem } from '@ai-platform/plugin-cost-common';
import { costApiRef } from '../../api';
import { CostErrorPanel } from '../shared/CostErrorPanel';
import { StatList } from '../shared/StatList';
import {
  formatCurrency,
  formatNumber,
  formatShare,
  wholeWordsCell,
} from '@ai-platform/plugin-ai-platform-react';

interface IdleRow extends IdleWasteItem {
  id: string;
}

/** Props of {@link IdleWasteCard}. */
export interface IdleWasteCardProps {
  entityRef: string;
  from: string;
  to: string;
}

/**
 * GPU cost allocated against used, and the money spent on idle GPUs, per
 * entity, team and GPU class.
 */
export function IdleWasteCard(props: IdleWasteCardProps) {
  const { entityRef, from, to } = props;
  const api = useApi(costApiRef);
  const { value, loading, error } = useAsync(
    () => api.getIdleWaste({ entityRef, from, to }),
    [api, entityRef, from, to],
  );

  let content;
  if (loading) content = <Progress />;
  else if (error) content = <CostErrorPanel error={error} />;
  else if (value) {
    const currency = value.currency;
    const columns: TableColumn<IdleRow>[] = [
      {
        title: 'Entity',
        field: 'entityRef',
        cellStyle: wholeWordsCell,
        render: row =>
          row.entityRef.includes(':') ? (
            <EntityRefLink entityRef={row.entityRef} />
          ) : (
            row.entityRef
          ),
      },
      {
        title: 'Team',
        field: 'team',
        cellStyle: wholeWordsCell,
        render: row =>
          row.team.startsWith('group:') ? (
            <EntityRefLink entityRef={row.team} defaultKind="group" />
          ) : (
            row.team
          ),
      },
      { title: 'GPU class', field: 'gpuClass' },
      {
        title: 'GPU-hours used / held',
        field: 'gpuHoursAllocated',
        type: 'numeric',
        cellStyle: NUMERIC_CELL,
        render: row =>
          `${formatNumber(row.gpuHoursUsed)} / ${formatNumber(
            row.gpuHoursAllocated,
          )}`,
      },
      {
        title: 'Idle cost',
        field: 'idleCost',
        type: 'numeric',
        cellStyle: NUMERIC_CELL,
        defaultSort: 'desc',
        render: row => formatCurrency(row.idleCost, currency),
      },
    ];
    content = (
      <>
        <StatList
          stats={[
            {
              label: 'Idle GPU waste',
              value: formatCurrency(value.idleCost, currency),
              caption:
                value.allocatedCost === 0
                  ? 'no GPUs granted in the range'
                  : `${formatShare(
                      value.idleCost,
                      value.allocatedCost,
                    )} of the GPU cost`,
            },
            {
              label: 'GPU cost allocated',
              value: formatCurrency(value.allocatedCost, currency),
              caption: `${formatNumber(value.gpuHoursAllocated)} GPU-hours`,
            },
            {
              label: 'GPU cost used',
              value: formatCurrency(value.usedCost, currency),
              caption: `${formatNumber(value.gpuHoursUsed)} GPU-hours`,
            },
          ]}
        />
        <Table<IdleRow>
          columns={columns}
          data={value.items.map(item => ({
            ...item,
            id: `${item.entityRef}|${item.team}|${item.gpuClass}`,
          }))}
          options={{
            paging: value.items.length > 10,
            pageSize: 10,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          emptyContent={
            <Typography variant="body2" color="textSecondary" align="center">
              No GPUs were granted in the range.
            </Typography>
          }
        />
      </>
    );
  }
  return (
    <InfoCard
      title="Idle GPU waste"
      subheader="GPU-hours granted but not used, priced with the rate card"
    >
      {content}
    </InfoCard>
  );
}
