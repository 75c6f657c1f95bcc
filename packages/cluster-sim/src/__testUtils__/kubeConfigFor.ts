import * as k8s from '@kubernetes/client-node';
import { SimulatedCluster } from '../startClusterSim';

/** A client config built from the cluster's details, as production code builds one. */
export function kubeConfigFor(
  cluster: SimulatedCluster,
  token = cluster.token,
): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: Buffer.from(cluster.caPem!).toString('base64'),
      },
    ],
    users: [{ name: 'admin', token }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'admin' }],
    currentContext: cluster.name,
  });
  return kc;
}
