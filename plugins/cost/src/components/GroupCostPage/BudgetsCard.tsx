import { NUMERIC_CELL } from '../shared/tableStyles';
import { useState } from 'react';
import {
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import useAsync from 'react-use/esm/useAsync';
import { BudgetStatus } from '@ai-platform/plugin-cost-common';
import { costApiRef } from '../../api';
import { CostErrorPanel } from '../shared/CostErrorPanel';
import { BudgetDialog } from './BudgetDialog';
import {
  formatCurrency,
  formatShare,
  wholeWordsCell,
} from '@ai-platform/plugin-ai-platform-react';

interface BudgetRow extends BudgetStatus {
  state: string;
}

/** Props of {@link BudgetsCard}. */
export interface BudgetsCardProps {
  groupRef: string;
  groupName: string;
  budgets: BudgetStatus[] | undefined;
  loading: boolean;
  error: Error | undefined;
  /** Called after a budget was saved or removed, to read them again. */
  onChanged(): void;
}

type Editing = { budget?: BudgetStatus } | undefined;

/**
 * The monthly budgets of a group and the teams below it, with this month's
 * spend and forecast; managers (`cost.budget.manage`) can set, change and
 * remove the group's budget.
 */
export function BudgetsCard(props: BudgetsCardProps) {
  const { groupRef, groupName, budgets, loading, error, onChanged } = props;
  const api = useApi(costApiRef);
  const alertApi = useApi(alertApiRef);
  const [editing, setEditing] = useState<Editing>();
  const permission = useAsync(
    () => api.canManageBudget(groupRef),
    [api, groupRef],
  );
  const canManage = permission.value === true;
  const own = budgets?.find(b => b.groupRef === groupRef);

  const remove = async (budget: BudgetStatus) => {
    try {
      await api.deleteBudget(budget.id);
      alertApi.post({
        message: `Removed the budget of ${groupName}`,
        severity: 'success',
        display: 'transient',
      });
      onChanged();
    } catch (e) {
      alertApi.post({
        message: `Could not remove the budget: ${(e as Error).message}`,
        severity: 'error',
      });
    }
  };

  const save = async (value: { amount: number; currency: string }) => {
    const body = { groupRef, amount: value.amount, currency: value.currency };
    if (editing?.budget) await api.updateBudget(editing.budget.id, body);
    else await api.createBudget(body);
    setEditing(undefined);
    alertApi.post({
      message: `Saved the monthly budget of ${groupName}`,
      severity: 'success',
      display: 'transient',
    });
    onChanged();
  };

  const columns: TableColumn<BudgetRow>[] = [
    {
      title: 'Group',
      field: 'groupRef',
      cellStyle: wholeWordsCell,
      render: row => (
        <EntityRefLink entityRef={row.groupRef} defaultKind="group" />
      ),
    },
    {
      title: 'Budget',
      field: 'amount',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      render: row => formatCurrency(row.amount, row.currency),
    },
    {
      title: 'Forecast',
      field: 'forecast',
      type: 'numeric',
      cellStyle: NUMERIC_CELL,
      render: row =>
        `${formatCurrency(row.forecast, row.currency)} (${formatShare(
          row.forecast,
          row.amount,
        )})`,
    },
    { title: 'State', field: 'state' },
  ];
  if (canManage) {
    columns.push({
      title: 'Actions',
      sorting: false,
      render: row =>
        row.groupRef === groupRef ? (
          <>
            <IconButton
              size="small"
              aria-label={`Change the budget of ${groupName}`}
              onClick={() => setEditing({ budget: row })}
            >
              <EditIcon fontSize="small" />
            </IconButton>
            <IconButton
              size="small"
              aria-label={`Remove the budget of ${groupName}`}
              onClick={() => remove(row)}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </>
        ) : null,
    });
  }

  let content;
  if (loading && !budgets) content = <Progress />;
  else if (error) content = <CostErrorPanel error={error} />;
  else
    content = (
      <>
        <Table<BudgetRow>
          columns={columns}
          data={(budgets ?? []).map(b => ({
            ...b,
            state: b.overBudget ? 'Over budget' : 'Within budget',
          }))}
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          emptyContent={
            <Typography variant="body2" color="textSecondary" align="center">
              No budgets are set for {groupName} or its teams.
            </Typography>
          }
        />
        {canManage && !own && (
          <Box mt={2}>
            <Button
              variant="outlined"
              color="primary"
              onClick={() => setEditing({})}
            >
              Set a budget for {groupName}
            </Button>
          </Box>
        )}
      </>
    );

  return (
    <InfoCard
      title="Budgets"
      subheader={
        canManage
          ? 'Monthly budgets; you can set this group’s'
          : 'Monthly budgets of this group and its teams'
      }
    >
      {content}
      {editing && (
        <BudgetDialog
          groupName={groupName}
          initialAmount={editing.budget?.amount}
          initialCurrency={editing.budget?.currency}
          onCancel={() => setEditing(undefined)}
          onSave={save}
        />
      )}
    </InfoCard>
  );
}
