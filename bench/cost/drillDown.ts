import { latencies, withCpu } from './latencies';
import { QUERY_RUNS } from './settings';

/** A line-items query of the drill-down, as the API's query string names it. */
export type DrillDownQuery = Record<string, string | number>;

/** How the drill-down is asked: through the router, or the services. */
export interface DrillDownApi {
  page(query: DrillDownQuery): Promise<unknown>;
  /** The CSV export's data lines (without the header). */
  exportRows(query: DrillDownQuery): Promise<number>;
}

/** Drill-down: a team's month down to its line items (pages, CSV export). */
export async function measureDrillDown(api: DrillDownApi) {
  const month = {
    entityRef: 'group:default/team-7',
    from: '2025-06-01',
    to: '2025-06-30',
  };
  const firstPage = await withCpu(QUERY_RUNS + 2, () =>
    latencies(() => api.page({ ...month, limit: 100 }), 1),
  );
  const filteredPage = await withCpu(QUERY_RUNS + 2, () =>
    latencies(
      () =>
        api.page({
          ...month,
          service: 'service-1',
          subAccount: 'sub-7',
          limit: 100,
        }),
      1,
    ),
  );
  const exported = await withCpu(1, async () => {
    const started = performance.now();
    const rows = await api.exportRows(month);
    return { rows, ms: performance.now() - started };
  });
  return {
    firstPage,
    filteredPage,
    exportRows: exported.rows,
    exportMs: Number(exported.ms.toFixed(1)),
    exportCpuMs: exported.cpuMsPerCall,
  };
}
