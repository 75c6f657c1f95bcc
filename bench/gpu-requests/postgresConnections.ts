// The PostgreSQL connections the backend holds, as the server counts them
// (pg_stat_activity): Backstage names each plugin's pool
// `backstage_plugin_<id>` (application_name), so the bench's own pool is
// left out.
import { System } from './system';

/** Connections per plugin, and their total. */
export interface ConnectionCount {
  total: number;
  byPlugin: Record<string, number>;
}

const PREFIX = 'backstage_plugin_';

/** The backend's connections to the bench's database now. */
export async function backendConnections(
  system: System,
): Promise<ConnectionCount> {
  const result = await system.db.raw(
    `SELECT application_name AS name, count(*) AS n FROM pg_stat_activity
     WHERE datname = current_database() AND starts_with(application_name, ?)
     GROUP BY application_name`,
    [PREFIX],
  );
  const byPlugin: Record<string, number> = {};
  let total = 0;
  for (const row of result.rows as Array<{ name: string; n: string }>) {
    byPlugin[row.name.slice(PREFIX.length)] = Number(row.n);
    total += Number(row.n);
  }
  return { total, byPlugin };
}

/**
 * Counts the backend's connections every `intervalMs` until stopped, and
 * gives the highest total seen (with its split by plugin).
 */
export function watchPeakConnections(
  system: System,
  intervalMs = 250,
): { stop(): Promise<ConnectionCount & { samples: number }> } {
  let peak: ConnectionCount = { total: 0, byPlugin: {} };
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const now = await backendConnections(system);
      samples++;
      if (now.total > peak.total) peak = now;
      await new Promise(r => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { ...peak, samples };
    },
  };
}
