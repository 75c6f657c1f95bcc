import { CostQueryServices } from '../../plugins/cost-backend/src/service/createCostServices';
import { latencies } from './latencies';

type Context = Parameters<CostQueryServices['lineItems']['page']>[1];

/** Drill-down: a team's month down to its line items (pages, CSV export). */
export async function measureDrillDown(costs: CostQueryServices, ctx: Context) {
  const month = {
    entityRef: 'group:default/team-7',
    from: '2025-06-01',
    to: '2025-06-30',
  };
  const firstPage = await latencies(
    () => costs.lineItems.page({ ...month, limit: 100 }, ctx),
    1,
  );
  const filteredPage = await latencies(
    () =>
      costs.lineItems.page(
        { ...month, service: 'service-1', subAccount: 'sub-7', limit: 100 },
        ctx,
      ),
    1,
  );
  let exported = 0;
  const exportStarted = performance.now();
  for await (const chunk of await costs.lineItems.exportCsv(month, ctx)) {
    exported += chunk.split('\r\n').length - 1;
  }
  const exportMs = performance.now() - exportStarted;
  return {
    firstPage,
    filteredPage,
    exportRows: exported - 1,
    exportMs: Number(exportMs.toFixed(1)),
  };
}
