import { fleetKubernetesConfig } from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { ConfigReader } from '@backstage/config';
import { startValidatingSim } from './__testUtils__/startValidatingSim';
import { testProvisioningConfig } from './__testUtils__/testProvisioningConfig';
import { testRequest } from './__testUtils__/testRequest';
import { createKubernetesGrantServices } from './createKubernetesGrantServices';

// Each file starts its own simulated fleet; under a parallel run that takes a few seconds.
jest.setTimeout(30_000);

describe('createKubernetesGrantServices', () => {
  let sim: ClusterSim;
  beforeAll(async () => {
    sim = await startValidatingSim({ seed: 'nodes' });
  });
  afterAll(() => sim?.stop());

  it('reads capacity and provisions on the clusters of the kubernetes config', async () => {
    const { capacity, provisioner } = createKubernetesGrantServices({
      config: new ConfigReader({
        kubernetes: fleetKubernetesConfig(sim, {
          titles: true,
          skipMetricsLookup: true,
        }),
      }),
      provisioning: testProvisioningConfig(),
      logger: mockServices.logger.mock(),
    });
    expect(capacity.clusterNames()).toEqual(['gpu-prod', 'gpu-dev']);
    const { items, errors } = await capacity.read();
    expect(errors).toEqual([]);
    expect(
      items
        .filter(i => i.cluster === 'gpu-dev')
        .map(i => [i.gpuClass, i.total, i.inUse]),
    ).toEqual([
      ['a100', 16, 0],
      ['l40s', 8, 0],
    ]);

    const grant = {
      request: testRequest({ cluster: 'gpu-dev', gpuClass: 'l40s' }),
      teamName: 'ml-platform',
    };
    await provisioner.apply(grant);
    expect(await provisioner.inspect(grant)).toEqual({
      namespaceExists: true,
      drifted: [],
    });
    expect(sim.cluster('gpu-dev').api.store).toBeDefined();
  });

  it('stops start-up naming a scheduler setting of a cluster that is not configured', () => {
    expect(() =>
      createKubernetesGrantServices({
        config: new ConfigReader({
          kubernetes: fleetKubernetesConfig(sim, { skipMetricsLookup: true }),
        }),
        provisioning: testProvisioningConfig({
          clusters: { 'gpu-prd': { scheduler: 'kai' } },
        }),
        logger: mockServices.logger.mock(),
      }),
    ).toThrow(
      'gpuProvisioning.clusters.gpu-prd names no cluster of kubernetes.clusterLocatorMethods (known: gpu-prod, gpu-dev)',
    );
  });
});
