import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseInput } from '@ai-platform/plugin-ai-platform-node';
import { costQuerySchema } from '@ai-platform/plugin-cost-common';
import { CostReportService } from '../service/types';

/**
 * `cost:get-costs`: what an entity or group cost over a range, for agents
 * that answer spend questions. The caller's `cost.read` permission applies.
 */
export function createGetCostsAction(options: {
  actionsRegistry: ActionsRegistryService;
  costs: CostReportService;
}) {
  options.actionsRegistry.register({
    name: 'get-costs',
    title: 'Get costs',
    description: `Returns the cost of a catalog entity (component, system, resource) or group (team, department, organisation) over a date range: the total, the change against the previous period of the same length, a series by day, week or month, and optionally a split by service, provider, GPU class, child team, sub-account or entity.
A group's cost includes every group below it. Amounts are in the billing currency.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity or group ref, e.g. group:default/products or component:default/assistant-api',
            ),
          from: z.string().describe('First day, YYYY-MM-DD (UTC), inclusive'),
          to: z.string().describe('Last day, YYYY-MM-DD (UTC), inclusive'),
          granularity: z
            .enum(['day', 'week', 'month'])
            .optional()
            .describe('Bucket size of the series; day when omitted'),
          splitBy: z
            .enum([
              'service',
              'provider',
              'gpuClass',
              'childTeam',
              'subAccount',
              'entity',
            ])
            .optional()
            .describe(
              'Split the cost by this dimension; childTeam applies to groups only',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string().describe('The subject, normalised'),
          currency: z.string().describe('ISO 4217 currency'),
          total: z.number().describe('Cost over the range'),
          previousTotal: z
            .number()
            .describe('Cost over the previous period of the same length'),
          points: z
            .array(z.object({ date: z.string(), amount: z.number() }))
            .describe('Total per bucket; date is the first day of the bucket'),
          series: z
            .array(
              z.object({
                key: z.string(),
                label: z.string(),
                total: z.number(),
              }),
            )
            .describe('Totals per split value, largest first (at most 20)'),
        }),
    },
    examples: [
      {
        title: 'Monthly cost of the Products department by child team',
        input: {
          entityRef: 'group:default/products',
          from: '2025-04-01',
          to: '2025-06-30',
          granularity: 'month',
          splitBy: 'childTeam',
        },
        output: {
          entityRef: 'group:default/products',
          currency: 'USD',
          total: 182000,
          previousTotal: 161500,
          points: [
            { date: '2025-04-01', amount: 58000 },
            { date: '2025-05-01', amount: 60500 },
            { date: '2025-06-01', amount: 63500 },
          ],
          series: [
            {
              key: 'group:default/recommendations',
              label: 'Recommendations',
              total: 64000,
            },
            {
              key: 'group:default/search-relevance',
              label: 'Search Relevance',
              total: 63000,
            },
            {
              key: 'group:default/conversational-ai',
              label: 'Conversational AI',
              total: 55000,
            },
          ],
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const query = parseInput(costQuerySchema, { ...input, metric: 'billed' });
      const report = await options.costs.costs(query, { credentials });
      return {
        output: {
          entityRef: report.entityRef,
          currency: report.currency,
          total: report.total,
          previousTotal: report.change.previousTotal,
          points: report.points,
          series: report.series.slice(0, 20).map(s => ({
            key: s.key,
            label: s.label,
            total: s.total,
          })),
        },
      };
    },
  });
}
