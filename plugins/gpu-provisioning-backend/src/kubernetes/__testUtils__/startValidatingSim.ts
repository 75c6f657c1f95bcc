import {
  ClusterSim,
  createSchemaValidation,
  startClusterSim,
} from '@ai-platform/cluster-sim';

/**
 * Starts the simulated fleet with the real OpenAPI and Kueue CRD schemas, so
 * every object the plugin writes is validated as the apiserver would.
 */
export async function startValidatingSim(
  options: { seed?: 'workloads' | 'nodes' } = {},
): Promise<ClusterSim> {
  const schemas = createSchemaValidation({ required: true })!;
  return startClusterSim({
    seed: options.seed ?? 'nodes',
    validator: schemas.validator,
    openApi: schemas.openApi,
    metrics: false,
  });
}
