import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { CostGranularity, UNALLOCATED } from '@ai-platform/plugin-cost-common';
import { costApiRef, CostReportRequest } from '../../api';
import { RANGE_OPTIONS, rangeOf } from '../../utils/ranges';
import { formatMonth } from '../../utils/dates';
import { ChangeIndicator } from '../shared/ChangeIndicator';
import { CostChart } from '../shared/CostChart';
import { CostErrorPanel } from '../shared/CostErrorPanel';
import { ExportCsvButton } from '../shared/ExportCsvButton';
import { InferenceUsed } from '../shared/InferenceUsed';
import { NoCostState } from '../shared/NoCostState';
import { GranularitySelect, RangeSelect } from '../shared/RangeSelect';
import { StatList } from '../shared/StatList';
import { BudgetsCard } from './BudgetsCard';
import { IdleWasteCard } from './IdleWasteCard';
import { TeamsTable } from './TeamsTable';
import { TopEntitiesCard } from './TopEntitiesCard';
import { TopServicesCard } from './TopServicesCard';
import {
  formatCurrency,
  formatShare,
} from '@ai-platform/plugin-ai-platform-react';

/**
 * The cost of a Group for its managers: spend of the group and each child
 * team over time, the teams with their budgets, the top services, idle GPU
 * waste, the entities that cost most and who owns them, budgets, the
 * inference its teams used of shared model servers, and a CSV export.
 */
export function GroupCostContent() {
  const { entity } = useEntity();
  const api = useApi(costApiRef);
  const groupRef = stringifyEntityRef(entity);
  const [range, setRange] = useState(RANGE_OPTIONS[1]);
  const [granularity, setGranularity] = useState<CostGranularity>(
    RANGE_OPTIONS[1].granularity,
  );
  const [variant, setVariant] = useState<'area' | 'bar'>('bar');
  const { from, to, days } = rangeOf(range);
  const request: CostReportRequest = {
    entityRef: groupRef,
    from,
    to,
    granularity,
    splitBy: 'childTeam',
  };

  const report = useAsync(
    () => api.getCosts(request),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, groupRef, from, to, granularity],
  );
  const forecast = useAsync(
    () => api.getForecast({ entityRef: groupRef }),
    [api, groupRef],
  );
  const budgets = useAsyncRetry(
    () => api.getBudgets({ entityRef: groupRef }),
    [api, groupRef],
  );

  const toolbar = (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 16 }}
      mb={2}
    >
      <RangeSelect
        value={range}
        onChange={next => {
          setRange(next);
          setGranularity(next.granularity);
        }}
      />
      <GranularitySelect value={granularity} onChange={setGranularity} />
      <ToggleButtonGroup
        size="small"
        exclusive
        value={variant}
        aria-label="Chart type"
        onChange={(_e, next: 'area' | 'bar' | null) => next && setVariant(next)}
      >
        <ToggleButton value="bar">Stacked bars</ToggleButton>
        <ToggleButton value="area">Stacked areas</ToggleButton>
      </ToggleButtonGroup>
      <Box flexGrow={1} />
      <ExportCsvButton request={request} />
    </Box>
  );

  if (report.error) {
    return (
      <>
        {toolbar}
        <CostErrorPanel error={report.error} />
      </>
    );
  }
  if (report.loading || !report.value) {
    return (
      <>
        {toolbar}
        <Progress />
      </>
    );
  }

  const value = report.value;
  const currency = value.currency;
  const name = entity.metadata.title ?? entity.metadata.name;
  const inferenceUsed = (
    <InfoCard
      title="Inference you used"
      subheader={`Model servers called by the components of ${name} and the teams below it`}
    >
      <InferenceUsed subjectRef={groupRef} isGroup name={name} />
    </InfoCard>
  );
  if (value.total === 0 && value.series.every(s => s.total === 0)) {
    // A team without cloud cost may still call shared model servers.
    return (
      <>
        {toolbar}
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <InfoCard title={`Cost of ${name}`}>
              <NoCostState entityRef={groupRef} isGroup />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            {inferenceUsed}
          </Grid>
        </Grid>
      </>
    );
  }

  const f = forecast.value;
  return (
    <>
      {toolbar}
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard
            title={`Cost of ${name}`}
            subheader={`${range.label}, ${value.from} to ${value.to}, with every team below it`}
          >
            <StatList
              stats={[
                {
                  label: range.label,
                  value: formatCurrency(value.total, currency),
                  caption: (
                    <ChangeIndicator
                      amount={value.change.amount}
                      ratio={value.change.ratio}
                      currency={currency}
                      against={`vs the ${days} days before`}
                    />
                  ),
                },
                {
                  label: `${formatMonth(to)} so far`,
                  value: f ? formatCurrency(f.monthToDate, f.currency) : '…',
                  caption: f
                    ? `forecast ${formatCurrency(f.forecast, f.currency)}`
                    : undefined,
                },
                {
                  label: 'Monthly budget',
                  value:
                    f && f.budget !== null
                      ? formatCurrency(f.budget, f.currency)
                      : 'None',
                  caption:
                    f && f.budget !== null
                      ? `${formatShare(f.forecast, f.budget)} forecast${
                          f.overBudget ? ' — over budget' : ''
                        }`
                      : undefined,
                },
                {
                  label: 'Child teams with cost',
                  value: String(
                    value.series.filter(
                      s => s.key !== groupRef && s.key !== UNALLOCATED,
                    ).length,
                  ),
                },
              ]}
            />
            {forecast.error && <CostErrorPanel error={forecast.error} />}
            <CostChart
              title="Spend by team over time"
              points={value.points}
              series={value.series}
              granularity={value.granularity}
              currency={currency}
              variant={variant}
              height={320}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <TeamsTable
            report={value}
            budgets={budgets.value ?? []}
            loadingBudgets={budgets.loading}
          />
        </Grid>
        <Grid item xs={12} xl={6}>
          <TopServicesCard entityRef={groupRef} from={from} to={to} />
        </Grid>
        <Grid item xs={12} xl={6}>
          <IdleWasteCard entityRef={groupRef} from={from} to={to} />
        </Grid>
        <Grid item xs={12} xl={6}>
          <TopEntitiesCard entityRef={groupRef} from={from} to={to} />
        </Grid>
        <Grid item xs={12} xl={6}>
          {inferenceUsed}
        </Grid>
        <Grid item xs={12} xl={6}>
          <BudgetsCard
            groupRef={groupRef}
            groupName={name}
            budgets={budgets.value}
            loading={budgets.loading}
            error={budgets.error}
            onChanged={budgets.retry}
          />
        </Grid>
      </Grid>
    </>
  );
}
