import Typography from '@material-ui/core/Typography';
import type { ServingCosts } from '@ai-platform/plugin-cost-common';
import { formatMoney } from './format';
import { ServingStats } from './ServingStats';

/** Props of {@link ServingCostSummary}. */
export interface ServingCostSummaryProps {
  costs: ServingCosts;
  windowLabel: string;
}

/**
 * The unit prices of a model server (cost per 1M input and output tokens),
 * its GPU cost over the window, and the sentence saying how they were split.
 */
export function ServingCostSummary(props: ServingCostSummaryProps) {
  const { costs, windowLabel } = props;
  const { currency } = costs;
  return (
    <>
      <ServingStats
        label={`Serving cost, ${windowLabel}`}
        stats={[
          [
            'Cost per 1M input tokens',
            formatMoney(costs.costPerMillionInputTokens, currency),
          ],
          [
            'Cost per 1M output tokens',
            formatMoney(costs.costPerMillionOutputTokens, currency),
          ],
          [
            'GPU cost',
            formatMoney(costs.gpuCost, currency),
            `${formatMoney(costs.usedGpuCost, currency)} at mean utilisation`,
          ],
        ]}
      />
      <Typography
        variant="body2"
        color="textSecondary"
        paragraph
        aria-label="How the cost is split"
      >
        {costs.method}
      </Typography>
    </>
  );
}
