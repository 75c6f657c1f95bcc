import { FleetTopology } from '../topology/types';

/** A small fleet for tests: one cluster, one 8×H100 node and one MIG node. */
export const testTopology: FleetTopology = {
  seed: 7,
  gpuProducts: {
    H100: {
      product: 'NVIDIA-H100-80GB-HBM3',
      modelName: 'NVIDIA H100 80GB HBM3',
      memoryMiB: 81559,
      family: 'hopper',
      computeMajor: 9,
      computeMinor: 0,
      maxPowerWatts: 700,
    },
  },
  clusters: [
    {
      name: 'test',
      description: 'Test cluster',
      nodePools: [
        {
          namePrefix: 'h100',
          count: 1,
          gpu: 'H100',
          gpusPerNode: 8,
          cpu: '192',
          memory: '2063Gi',
        },
        {
          namePrefix: 'h100-mig',
          count: 1,
          gpu: 'H100',
          gpusPerNode: 2,
          cpu: '96',
          memory: '1024Gi',
          mig: {
            strategy: 'mixed',
            instancesPerGpu: { '1g.10gb': 2, '3g.40gb': 1 },
          },
        },
      ],
      workloads: [
        {
          name: 'trainer',
          namespace: 'team-a',
          component: 'trainer',
          team: 'team-a',
          profile: 'training',
          kind: 'Job',
          replicas: 1,
          gpusPerReplica: 2,
        },
      ],
    },
  ],
};
