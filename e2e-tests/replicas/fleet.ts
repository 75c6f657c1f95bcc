import { request } from 'node:https';
import {
  ClusterSim,
  createSchemaValidation,
  startClusterSim,
} from '@ai-platform/cluster-sim';
import { PORTS } from './ports';

/**
 * The simulated fleet, in this process rather than through its CLI: the
 * crash tests hold a Kubernetes call open with the fleet's fault injector
 * (latency) so a backend can be killed in the middle of it.
 */
export async function startFleet(stateDir: string): Promise<ClusterSim> {
  const schemas = createSchemaValidation();
  return startClusterSim({
    stateDir,
    validator: schemas?.validator,
    openApi: schemas?.openApi,
    portFor: (_name, index) => PORTS.cluster + index,
    metrics: { port: PORTS.metrics },
  });
}

/** The `kubernetes` config block of the fleet, as `cluster-sim start` writes it. */
export function kubernetesConfig(sim: ClusterSim): object {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: sim.clusters.map(c => ({
          name: c.name,
          title: c.description,
          url: c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: c.token,
          ...(c.caPem
            ? { caData: Buffer.from(c.caPem).toString('base64') }
            : {}),
          skipMetricsLookup: true,
        })),
      },
    ],
  };
}

/** GETs a path of a cluster's API as its admin; undefined on 404. */
export function kubeGet(
  sim: ClusterSim,
  clusterName: string,
  path: string,
): Promise<any | undefined> {
  const cluster = sim.clusters.find(c => c.name === clusterName)!;
  const url = new URL(path, cluster.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        headers: { authorization: `Bearer ${cluster.token}` },
        ca: cluster.caPem,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          text += chunk;
        });
        res.on('end', () => {
          if (res.statusCode === 404) resolve(undefined);
          else if (res.statusCode !== 200) {
            reject(new Error(`GET ${path}: ${res.statusCode} ${text}`));
          } else resolve(JSON.parse(text));
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
