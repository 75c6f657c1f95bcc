import { CostQueryServices } from '../../plugins/cost-backend/src/service/createCostServices';
import { latencies } from './latencies';
import { QUERY_RUNS } from './settings';

type Context = Parameters<CostQueryServices['lineItems']['page']>[1];

/**
 * `measure()`'s figures and the process's CPU time per call (DuckDB's
 * threads included): the work one answer costs, which a busy machine
 * changes far less than the wall-clock time.
 */
async function withCpu<T extends object>(
  calls: number,
  measure: () => Promise<T>,
): Promise<T & { cpuMsPerCall: number }> {
  const started = process.cpuUsage();
  const figures = await measure();
  const used = process.cpuUsage(started);
  return {
    ...figures,
    cpuMsPerCall: Number(((used.user + used.system) / 1000 / calls).toFixed(1)),
  };
}

/** Drill-down: a team's month down to its line items (pages, CSV export). */
export async function measureDrillDown(costs: CostQueryServices, ctx: Context) {
  const month = {
    entityRef: 'group:default/team-7',
    from: '2025-06-01',
    to: '2025-06-30',
  };
  const firstPage = await withCpu(QUERY_RUNS + 2, () =>
    latencies(() => costs.lineItems.page({ ...month, limit: 100 }, ctx), 1),
  );
  const filteredPage = await withCpu(QUERY_RUNS + 2, () =>
    latencies(
      () =>
        costs.lineItems.page(
          { ...month, service: 'service-1', subAccount: 'sub-7', limit: 100 },
          ctx,
        ),
      1,
    ),
  );
  const exported = await withCpu(1, async () => {
    let lines = 0;
    const started = performance.now();
    for await (const chunk of await costs.lineItems.exportCsv(month, ctx)) {
      lines += chunk.split('\r\n').length - 1;
    }
    return { rows: lines - 1, ms: performance.now() - started };
  });
  return {
    firstPage,
    filteredPage,
    exportRows: exported.rows,
    exportMs: Number(exported.ms.toFixed(1)),
    exportCpuMs: exported.cpuMsPerCall,
  };
}
