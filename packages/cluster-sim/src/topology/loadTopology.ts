import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { findResourceByKind } from '../api/resources';
import { FleetTopology } from './types';

/** Pod labels the fleet sets from a workload's other fields. */
const RESERVED_POD_LABELS = [
  'app',
  'backstage.io/kubernetes-id',
  'ai-platform.io/team',
];

/** The topology of the demo fleet, shipped with this package. */
export const DEMO_TOPOLOGY_PATH = join(
  dirname(require.resolve('@ai-platform/cluster-sim/package.json')),
  'topologies',
  'demo.yaml',
);

function fail(file: string, message: string): never {
  throw new Error(`Invalid topology ${file}: ${message}`);
}

/** Reads and checks a topology file; errors name the file and the bad field. */
export function loadTopology(file: string = DEMO_TOPOLOGY_PATH): FleetTopology {
  const topology = parse(readFileSync(file, 'utf8')) as FleetTopology;
  if (!topology || typeof topology !== 'object')
    fail(file, 'not a YAML object');
  if (!Number.isInteger(topology.seed)) fail(file, 'seed must be an integer');
  const products =
    topology.gpuProducts ?? fail(file, 'gpuProducts is required');
  const names = new Set<string>();
  for (const [c, cluster] of (
    topology.clusters ?? fail(file, 'clusters is required')
  ).entries()) {
    const at = `clusters[${c}]`;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(cluster.name ?? '')) {
      fail(file, `${at}.name must be a DNS-1123 label`);
    }
    if (names.has(cluster.name))
      fail(file, `${at}.name ${cluster.name} is used twice`);
    names.add(cluster.name);
    for (const [p, pool] of (cluster.nodePools ?? []).entries()) {
      if (!products[pool.gpu])
        fail(
          file,
          `${at}.nodePools[${p}].gpu ${pool.gpu} is not in gpuProducts`,
        );
      if (!(pool.count > 0 && pool.gpusPerNode > 0)) {
        fail(
          file,
          `${at}.nodePools[${p}] needs a positive count and gpusPerNode`,
        );
      }
    }
    for (const [w, workload] of (cluster.workloads ?? []).entries()) {
      if (!['Job', 'Pod'].includes(workload.kind))
        fail(file, `${at}.workloads[${w}].kind must be Job or Pod`);
      if (
        !['training', 'inference', 'notebook', 'idle'].includes(
          workload.profile,
        )
      ) {
        fail(
          file,
          `${at}.workloads[${w}].profile must be training, inference, notebook or idle`,
        );
      }
      const shares = Object.values(workload.gatewayCallers ?? {});
      if (
        shares.some(v => typeof v !== 'number' || !(v > 0)) ||
        shares.reduce((a, b) => a + b, 0) > 1
      ) {
        fail(
          file,
          `${at}.workloads[${w}].gatewayCallers must be shares above 0 that sum to at most 1`,
        );
      }
      const labels = Object.entries(workload.labels ?? {});
      if (
        labels.some(
          ([key, value]) =>
            typeof value !== 'string' || RESERVED_POD_LABELS.includes(key),
        )
      ) {
        fail(
          file,
          `${at}.workloads[${w}].labels must map label keys to strings and may not set ${RESERVED_POD_LABELS.join(
            ', ',
          )}`,
        );
      }
      if (workload.gpu && !products[workload.gpu]) {
        fail(
          file,
          `${at}.workloads[${w}].gpu ${workload.gpu} is not in gpuProducts`,
        );
      }
    }
    if (
      cluster.scheduler !== undefined &&
      !['resourcequota', 'kueue', 'kai', 'volcano'].includes(cluster.scheduler)
    )
      fail(
        file,
        `${at}.scheduler must be resourcequota, kueue, kai or volcano, not ${cluster.scheduler}`,
      );
    for (const [o, object] of (cluster.objects ?? []).entries()) {
      if (!findResourceByKind(object?.apiVersion ?? '', object?.kind ?? ''))
        fail(
          file,
          `${at}.objects[${o}] has an unknown apiVersion/kind ${object?.apiVersion}/${object?.kind}`,
        );
      if (!object.metadata?.name)
        fail(file, `${at}.objects[${o}].metadata.name is required`);
    }
  }
  return topology;
}
