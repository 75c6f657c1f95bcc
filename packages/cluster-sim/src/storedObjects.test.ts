import { waitFor } from '@ai-platform/test-utils';
import { findResourceByKind } from './api/resources';
import { createSchemaValidation } from './schemaValidation';
import { startClusterSim } from './startClusterSim';
import { loadTopology } from './topology/loadTopology';

describe('objects the emulator stores', () => {
  it('all validate against the OpenAPI schema of their kind, unknown fields included', async () => {
    const { registry } = createSchemaValidation({ required: true })!;
    // No validator on writes: this checks what the emulator itself makes
    // (defaults, controller status, events, seeded nodes and workloads).
    const sim = await startClusterSim({ tls: false });
    try {
      for (const cluster of sim.clusters) {
        const pods = findResourceByKind('v1', 'Pod')!;
        await waitFor(() => {
          const all = cluster.api.store.list(pods);
          return all.length > 0 &&
            all.every(p => (p.status as any)?.phase === 'Running')
            ? true
            : undefined;
        });
      }
      const objects = sim.clusters.flatMap(c => c.api.store.allObjects());
      const kinds = new Set(objects.map(o => o.kind));
      // The topology's own `objects` add their kinds, and a Kueue cluster's
      // controller makes a Workload for each queued Job.
      const topology = loadTopology();
      const seededKinds = topology.clusters.flatMap(c =>
        (c.objects ?? []).map(o => o.kind),
      );
      const kueueKinds = topology.clusters.some(c => c.scheduler === 'kueue')
        ? ['Workload']
        : [];
      expect([...kinds].sort()).toEqual(
        [
          ...new Set([
            'Event',
            'Job',
            'Namespace',
            'Node',
            'Pod',
            'ResourceQuota',
            'ServiceAccount',
            ...seededKinds,
            ...kueueKinds,
          ]),
        ]
          .sort()
          .filter(k => (k === 'ResourceQuota' ? kinds.has(k) : true)),
      );
      const failures = objects.flatMap(o => {
        const result = registry.validate(o, { strictUnknownFields: true });
        return result.valid
          ? []
          : [
              `${o.kind} ${o.metadata.namespace ?? ''}/${
                o.metadata.name
              }: ${JSON.stringify(result.causes)}`,
            ];
      });
      expect(failures).toEqual([]);
      expect(objects.length).toBeGreaterThan(100);
    } finally {
      await sim.stop();
    }
  });
});
