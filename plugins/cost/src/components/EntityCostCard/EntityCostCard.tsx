import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { IdleWasteReport } from '@ai-platform/plugin-cost-common';
import { costApiRef } from '../../api';
import { CostSplitOption, SplitToggle } from '../shared/SplitToggle';
import { CostErrorPanel } from '../shared/CostErrorPanel';
import { NoCostState } from '../shared/NoCostState';
import { CostChart } from '../shared/CostChart';
import { SplitBreakdown } from '../shared/SplitBreakdown';
import { ChangeIndicator } from '../shared/ChangeIndicator';
import { InferenceUsed } from '../shared/InferenceUsed';
import { StatList } from '../shared/StatList';
import { formatMonth, monthStart, today } from '../../utils/dates';
import { summariseMonth } from './summariseMonth';
import {
  formatCurrency,
  formatShare,
} from '@ai-platform/plugin-ai-platform-react';

const SPLITS: CostSplitOption[] = ['service', 'provider', 'gpuClass'];

function idleCaption(idle: IdleWasteReport): string {
  if (idle.allocatedCost === 0) return 'no GPUs granted this month';
  return `${formatShare(idle.idleCost, idle.allocatedCost)} of ${formatCurrency(
    idle.allocatedCost,
    idle.currency,
  )} GPU cost`;
}

/**
 * The cost of the entity on the page: this month so far, the change against
 * the same days of last month, the forecast, the idle GPU waste in money, the
 * daily trend of the last three months, this month's split by service,
 * provider or GPU class, and the inference it used of shared model servers.
 */
export function EntityCostCard() {
  const { entity } = useEntity();
  const api = useApi(costApiRef);
  const [split, setSplit] = useState<CostSplitOption>('service');
  const entityRef = stringifyEntityRef(entity);
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  const name = entity.metadata.title ?? entity.metadata.name;
  const day = today();
  const from = monthStart(day, 2);
  const thisMonth = monthStart(day);

  const costs = useAsync(
    () =>
      api.getCosts({
        entityRef,
        from,
        to: day,
        granularity: 'day',
        splitBy: split,
      }),
    [api, entityRef, from, day, split],
  );
  const extras = useAsync(
    () =>
      Promise.all([
        api.getIdleWaste({ entityRef, from: thisMonth, to: day }),
        api.getForecast({ entityRef }),
      ]),
    [api, entityRef, thisMonth, day],
  );

  let content;
  const error = costs.error ?? extras.error;
  if (error) {
    content = <CostErrorPanel error={error} />;
  } else if (costs.loading && !costs.value) {
    content = <Progress />;
  } else if (costs.value) {
    const report = costs.value;
    const [idle, forecast] = extras.value ?? [];
    const month = summariseMonth(report, day);
    const currency = report.currency;
    if (report.total === 0 && (idle?.allocatedCost ?? 0) === 0) {
      content = <NoCostState entityRef={entityRef} isGroup={isGroup} />;
    } else {
      content = (
        <>
          <StatList
            stats={[
              {
                label: `This month (${formatMonth(day)})`,
                value: formatCurrency(month.thisMonth, currency),
                caption: (
                  <ChangeIndicator
                    amount={month.change.amount}
                    ratio={month.change.ratio}
                    currency={currency}
                    against={`vs ${month.previousLabel}`}
                  />
                ),
              },
              {
                label: 'Forecast for the month',
                value: forecast
                  ? formatCurrency(forecast.forecast, forecast.currency)
                  : '…',
                caption:
                  forecast && forecast.budget !== null
                    ? `budget ${formatCurrency(
                        forecast.budget,
                        forecast.currency,
                      )}${forecast.overBudget ? ' — over budget' : ''}`
                    : undefined,
              },
              {
                label: 'Idle GPU waste this month',
                value: idle
                  ? formatCurrency(idle.idleCost, idle.currency)
                  : '…',
                caption: idle ? idleCaption(idle) : undefined,
              },
            ]}
          />
          <CostChart
            title="Daily cost over the last three months"
            points={report.points.filter(p => p.date <= month.through)}
            granularity="day"
            currency={currency}
            height={200}
          />
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
            flexWrap="wrap"
            mt={1}
            mb={1}
          >
            <Typography variant="subtitle2">This month by</Typography>
            <SplitToggle value={split} options={SPLITS} onChange={setSplit} />
          </Box>
          {costs.loading ? (
            <Progress />
          ) : (
            <SplitBreakdown
              label={split === 'gpuClass' ? 'GPU class' : split}
              series={month.series}
              currency={currency}
            />
          )}
        </>
      );
    }
  }

  return (
    <InfoCard title="Cost" subheader={`Cloud and GPU cost of ${name}`}>
      {content}
      {/* After a refusal or failure of the costs, one explanation is enough. */}
      {!error && (
        <Box mt={3} component="section" aria-labelledby="cost-inference-used">
          <Typography
            variant="subtitle2"
            component="h3"
            id="cost-inference-used"
            gutterBottom
          >
            Inference you used
          </Typography>
          <InferenceUsed subjectRef={entityRef} isGroup={isGroup} name={name} />
        </Box>
      )}
    </InfoCard>
  );
}
