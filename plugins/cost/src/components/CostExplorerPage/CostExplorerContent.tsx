import {
  Content,
  ContentHeader,
  EmptyState,
  InfoCard,
  Progress,
  SupportButton,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useAsync from 'react-use/esm/useAsync';
import { useSearchParams } from 'react-router-dom';
import {
  CostGranularity,
  CostMetric,
  CostSplit,
} from '@ai-platform/plugin-cost-common';
import { costApiRef, CostReportRequest } from '../../api';
import { addDays, daysBetween, monthStart, today } from '../../utils/dates';
import { ChangeIndicator } from '../shared/ChangeIndicator';
import { CostChart } from '../shared/CostChart';
import { CostErrorPanel } from '../shared/CostErrorPanel';
import { ExportCsvButton } from '../shared/ExportCsvButton';
import { NoCostState } from '../shared/NoCostState';
import { GranularitySelect } from '../shared/RangeSelect';
import { SPLIT_LABELS } from '../shared/SplitToggle';
import { StatList } from '../shared/StatList';
import { BillingDataCard } from './BillingDataCard';
import { BreakdownTable } from './BreakdownTable';
import { SubjectPicker } from './SubjectPicker';
import { TopSpendersCard } from './TopSpendersCard';
import { formatCurrency } from '@ai-platform/plugin-ai-platform-react';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const GRANULARITIES: CostGranularity[] = ['day', 'week', 'month'];
const SPLITS = Object.keys(SPLIT_LABELS) as CostSplit[];
const NO_SPLIT = 'none';

interface QuickRange {
  label: string;
  range(day: string): { from: string; to: string };
}

const QUICK_RANGES: QuickRange[] = [
  { label: 'This month', range: d => ({ from: monthStart(d), to: d }) },
  { label: '30 days', range: d => ({ from: addDays(d, -29), to: d }) },
  { label: '90 days', range: d => ({ from: addDays(d, -89), to: d }) },
  { label: '12 months', range: d => ({ from: monthStart(d, 11), to: d }) },
];

function isGroupRef(ref: string): boolean {
  return ref.toLocaleLowerCase('en-US').startsWith('group:');
}

/** The explorer's state, kept in the URL so that views can be shared. */
function useExplorerState() {
  const [params, setParams] = useSearchParams();
  const day = today();
  const from = params.get('from') ?? addDays(day, -89);
  const to = params.get('to') ?? day;
  const granularity = (params.get('granularity') ?? 'week') as CostGranularity;
  const split = params.get('splitBy') ?? 'childTeam';
  const metric = (params.get('metric') ?? 'billed') as CostMetric;
  const set = (changes: Record<string, string>) =>
    setParams(
      prev => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes))
          next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const entityRef = params.get('entityRef') ?? undefined;
  let splitBy = SPLITS.includes(split as CostSplit)
    ? (split as CostSplit)
    : undefined;
  // Only groups have child teams; other entities split by service instead.
  if (splitBy === 'childTeam' && entityRef && !isGroupRef(entityRef)) {
    splitBy = 'service';
  }
  return {
    entityRef,
    from,
    to,
    granularity: GRANULARITIES.includes(granularity) ? granularity : 'week',
    splitBy,
    metric: metric === 'effective' ? metric : 'billed',
    set,
  } as const;
}

/**
 * The cost explorer: pick a group or entity, a range, a granularity, a
 * split and billed or effective cost; see the stacked chart, a sortable and
 * filterable breakdown, the top spenders and the billing data.
 */
export function CostExplorerContent() {
  const api = useApi(costApiRef);
  const state = useExplorerState();
  const groups = useAsync(() => api.getGroups(), [api]);

  const roots = (groups.value ?? []).filter(
    g =>
      g.parentRef === null ||
      !(groups.value ?? []).some(p => p.ref === g.parentRef),
  );
  const entityRef = state.entityRef ?? roots[0]?.ref;
  let rangeError: string | undefined;
  if (!DAY.test(state.from) || !DAY.test(state.to)) {
    rangeError = 'Enter both dates as YYYY-MM-DD';
  } else if (state.to < state.from) {
    rangeError = 'The end date is before the start date';
  }

  const request: CostReportRequest | undefined =
    entityRef && !rangeError
      ? {
          entityRef,
          from: state.from,
          to: state.to,
          granularity: state.granularity,
          splitBy: state.splitBy,
          metric: state.metric,
        }
      : undefined;
  const report = useAsync(
    async () => (request ? api.getCosts(request) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, JSON.stringify(request)],
  );

  const controls = (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      style={{ gap: 16 }}
    >
      <SubjectPicker
        // A new input once the groups are there, to show the group's title.
        key={groups.value ? 'groups' : 'loading'}
        groups={groups.value ?? []}
        value={entityRef ?? ''}
        onChange={ref => state.set({ entityRef: ref })}
      />
      <TextField
        size="small"
        variant="outlined"
        type="date"
        id="cost-from"
        label="From"
        value={state.from}
        InputLabelProps={{ shrink: true }}
        onChange={e => state.set({ from: e.target.value })}
        error={rangeError !== undefined}
        helperText={rangeError}
      />
      <TextField
        size="small"
        variant="outlined"
        type="date"
        id="cost-to"
        label="To"
        value={state.to}
        InputLabelProps={{ shrink: true }}
        onChange={e => state.set({ to: e.target.value })}
        error={rangeError !== undefined}
      />
      <GranularitySelect
        value={state.granularity}
        onChange={g => state.set({ granularity: g })}
      />
      <TextField
        select
        size="small"
        variant="outlined"
        id="cost-split"
        label="Split by"
        value={state.splitBy ?? NO_SPLIT}
        onChange={e => state.set({ splitBy: e.target.value })}
        style={{ minWidth: 140 }}
      >
        <MenuItem value={NO_SPLIT}>Nothing</MenuItem>
        {SPLITS.filter(
          s => s !== 'childTeam' || !entityRef || isGroupRef(entityRef),
        ).map(s => (
          <MenuItem key={s} value={s}>
            {SPLIT_LABELS[s]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        variant="outlined"
        id="cost-metric"
        label="Cost"
        value={state.metric}
        onChange={e => state.set({ metric: e.target.value })}
      >
        <MenuItem value="billed">Billed</MenuItem>
        <MenuItem value="effective">Effective (amortised)</MenuItem>
      </TextField>
      <ButtonGroup
        size="small"
        aria-label="Quick ranges"
        style={{ marginTop: 4 }}
      >
        {QUICK_RANGES.map(q => (
          <Button key={q.label} onClick={() => state.set(q.range(today()))}>
            {q.label}
          </Button>
        ))}
      </ButtonGroup>
      <Box flexGrow={1} />
      {request && <ExportCsvButton request={request} />}
    </Box>
  );

  let body;
  if (groups.error) {
    body = <CostErrorPanel error={groups.error} />;
  } else if (groups.loading) {
    body = <Progress />;
  } else if (!entityRef) {
    body = (
      <EmptyState
        missing="info"
        title="No costs you can see"
        description="Costs are visible to the members of a team, to the members of the groups above it and to cost admins. Pick an entity by typing its ref above."
      />
    );
  } else if (report.error) {
    body = <CostErrorPanel error={report.error} />;
  } else if (report.loading || !report.value) {
    body = rangeError ? null : <Progress />;
  } else {
    const value = report.value;
    const days = daysBetween(value.from, value.to);
    body =
      value.total === 0 ? (
        <NoCostState
          entityRef={value.entityRef}
          isGroup={value.subjectKind === 'group'}
        />
      ) : (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <InfoCard
              title={`Cost of ${
                groups.value?.find(g => g.ref === value.entityRef)?.title ??
                value.entityRef
              }`}
              subheader={`${value.from} to ${value.to}, ${value.metric} cost${
                value.splitBy
                  ? `, by ${SPLIT_LABELS[value.splitBy].toLocaleLowerCase(
                      'en-US',
                    )}`
                  : ''
              }`}
            >
              <StatList
                stats={[
                  {
                    label: 'Total',
                    value: formatCurrency(value.total, value.currency),
                    caption: (
                      <ChangeIndicator
                        amount={value.change.amount}
                        ratio={value.change.ratio}
                        currency={value.currency}
                        against={`vs the ${days} days before`}
                      />
                    ),
                  },
                  {
                    label: `Average per ${value.granularity}`,
                    value: formatCurrency(
                      value.points.length === 0
                        ? 0
                        : value.total / value.points.length,
                      value.currency,
                    ),
                  },
                  {
                    label: 'Previous period',
                    value: formatCurrency(
                      value.change.previousTotal,
                      value.currency,
                    ),
                  },
                ]}
              />
              <CostChart
                title="Cost over time"
                points={value.points}
                series={value.series}
                granularity={value.granularity}
                currency={value.currency}
                variant="bar"
                height={340}
              />
            </InfoCard>
          </Grid>
          <Grid item xs={12} xl={7}>
            <BreakdownTable report={value} />
          </Grid>
          <Grid item xs={12} xl={5}>
            <TopSpendersCard
              entityRef={value.entityRef}
              from={value.from}
              to={value.to}
              metric={value.metric}
            />
          </Grid>
        </Grid>
      );
  }

  return (
    <Content>
      <ContentHeader title="Cost explorer">
        <SupportButton>
          Cost of every team and entity you can see, from the cloud bills (FOCUS
          exports) and the GPU rate card. Costs are visible to a team&apos;s
          members, its managers and cost admins.
        </SupportButton>
      </ContentHeader>
      <Box mb={3}>{controls}</Box>
      {body}
      <Box mt={3}>
        <BillingDataCard />
      </Box>
    </Content>
  );
}
