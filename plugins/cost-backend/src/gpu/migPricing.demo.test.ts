import { parseNanos } from '@ai-platform/plugin-ai-platform-common';
import {
  DEMO_TOPOLOGY_PATH,
  loadTopology,
  NodePool,
} from '@ai-platform/cluster-sim';
import { parseRateCard, rateFor } from '../config/rateCard';
import { GpuPartUse, migShare, reconcileGpuCost } from './migPricing';

const DAY_MS = 86_400_000;

/**
 * The demo fleet's MIG node, priced for one day: every H100 of it, split
 * into the demo's all-balanced layout, with the demo's MIG workloads placed
 * first-fit (the sum must hold whatever the placement).
 */
describe('MIG pricing over the demo fleet', () => {
  const topology = loadTopology(DEMO_TOPOLOGY_PATH);
  const migPools = topology.clusters.flatMap(cluster =>
    cluster.nodePools
      .filter((pool): pool is NodePool & Required<Pick<NodePool, 'mig'>> =>
        Boolean(pool.mig),
      )
      .map(pool => ({ cluster, pool })),
  );
  // The demo rate card's whole-H100 rate on gpu-prod.
  const rateCard = parseRateCard(
    {
      currency: 'USD',
      rates: [
        {
          cluster: '*',
          gpuClass: 'h100',
          hourlyRate: 4.5,
          effectiveFrom: '2025-01-01',
        },
      ],
    },
    'test',
  );

  it('has a MIG node whose layout fills each GPU', () => {
    expect(migPools.map(p => [p.cluster.name, p.pool.namePrefix])).toEqual([
      ['gpu-prod', 'gpu-prod-h100-mig'],
    ]);
  });

  it.each(migPools.map(p => [p.pool.namePrefix, p] as const))(
    'splits each GPU of %s into its instances and idle, adding up to the GPU',
    (_name, { cluster, pool }) => {
      const product = topology.gpuProducts[pool.gpu];
      const rate = rateFor(rateCard, {
        cluster: cluster.name,
        gpuClass: 'h100',
        day: '2026-12-01',
      });
      const rateNanos = BigInt(parseNanos(String(rate))!);
      // What the demo's MIG workloads hold, per profile.
      const wanted = new Map<string, number>();
      for (const w of cluster.workloads) {
        if (w.migProfile) {
          wanted.set(
            w.migProfile,
            (wanted.get(w.migProfile) ?? 0) + w.replicas * w.gpusPerReplica,
          );
        }
      }
      const splits = [];
      for (let node = 0; node < pool.count; node++) {
        for (let gpu = 0; gpu < pool.gpusPerNode; gpu++) {
          const parts: GpuPartUse[] = [];
          for (const [profile, perGpu] of Object.entries(
            pool.mig.instancesPerGpu,
          )) {
            // Priced by the product label GPU Feature Discovery puts on the node.
            const found = migShare(product.product, profile);
            if (!('share' in found)) throw new Error(found.error);
            for (let i = 0; i < perGpu; i++) {
              const left = wanted.get(profile) ?? 0;
              wanted.set(profile, Math.max(0, left - 1));
              parts.push({
                id: `${pool.namePrefix}-${node}/gpu${gpu}/${profile}#${i}`,
                share: found.share,
                allocatedMs: left > 0 ? DAY_MS : 0,
              });
            }
          }
          const split = reconcileGpuCost({
            rateNanos,
            intervalMs: DAY_MS,
            parts,
          });
          expect(
            split.parts.reduce((s, p) => s + p.nanos, 0n) + split.idleNanos,
          ).toBe(split.gpuNanos);
          splits.push(split);
        }
      }
      // Every demo MIG workload found an instance.
      expect([...wanted.values()].every(n => n === 0)).toBe(true);
      // 24 h × 4.5 per GPU, 8 GPUs.
      expect(splits.map(s => s.gpuNanos)).toEqual(
        Array(pool.count * pool.gpusPerNode).fill(108_000_000_000n),
      );
      // GPU 0 holds two 1g (search-embedding-service), a 2g and a 3g: no idle.
      expect(splits[0].idleNanos).toBe(0n);
      expect(splits[0].parts.map(p => p.nanos)).toEqual([
        15_428_571_429n, // 1/7 of 108 = 15.428571428571…
        15_428_571_428n,
        30_857_142_857n, // 2/7
        46_285_714_286n, // 3/7
      ]);
      // GPU 1 holds the second 2g and 3g; its two 1g instances are idle.
      expect(splits[1].parts.map(p => p.nanos)).toEqual([
        0n,
        0n,
        30_857_142_857n,
        46_285_714_286n,
      ]);
      expect(splits[1].idleNanos).toBe(30_857_142_857n);
      // The other six GPUs are whole-day idle.
      expect(splits.slice(2).map(s => s.idleNanos)).toEqual(
        Array(6).fill(108_000_000_000n),
      );
      // The node: what its instances cost plus idle is 8 GPU-days.
      const node = splits.reduce(
        (s, x) => s + x.idleNanos + x.parts.reduce((t, p) => t + p.nanos, 0n),
        0n,
      );
      expect(node).toBe(8n * 108_000_000_000n);
    },
  );
});
