import { parse } from 'yaml';
import { SimulatedCluster } from '../startClusterSim';
import { loadTopology } from '../topology/loadTopology';
import { backstageAppConfig } from './backstageAppConfig';

const cluster = (name: string) =>
  ({
    name,
    description: `${name} cluster`,
    url: `https://127.0.0.1/${name}`,
    token: 't',
  } as SimulatedCluster);

describe('backstageAppConfig', () => {
  it('points the Kubernetes plugin at the fleet and says which clusters run which scheduler', () => {
    const overlay = parse(
      backstageAppConfig([cluster('gpu-prod'), cluster('gpu-dev')], {
        'gpu-dev': 'kueue',
      }),
    );
    expect(
      overlay.kubernetes.clusterLocatorMethods[0].clusters.map(
        (c: { name: string }) => c.name,
      ),
    ).toEqual(['gpu-prod', 'gpu-dev']);
    expect(overlay.gpuProvisioning).toEqual({
      clusters: { 'gpu-dev': { scheduler: 'kueue' } },
    });
    expect(
      parse(backstageAppConfig([cluster('gpu-prod')])).gpuProvisioning,
    ).toBeUndefined();
  });

  it('runs Kueue on the demo fleet’s gpu-dev', () => {
    expect(loadTopology().clusters.map(c => [c.name, c.scheduler])).toEqual([
      ['gpu-prod', undefined],
      ['gpu-dev', 'kueue'],
    ]);
  });
});
