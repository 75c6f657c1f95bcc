import { GpuProvisionerRegistration } from '@ai-platform/plugin-gpu-provisioning-node';
import { ConflictError } from '@backstage/errors';
import { GrantProvisioner, GrantSpec } from '../types';

/**
 * One provisioner for the lifecycle loop that hands each grant to the
 * provisioner registered for its cluster, or else to the built-in one.
 * Throws a `ConflictError` when two registrations claim the same cluster.
 */
export function routeGrantsByCluster(options: {
  builtIn: GrantProvisioner;
  registrations: GpuProvisionerRegistration[];
}): GrantProvisioner {
  const { builtIn, registrations } = options;
  if (registrations.length === 0) return builtIn;

  const owners = new Map<string, GpuProvisionerRegistration>();
  for (const registration of registrations) {
    for (const cluster of registration.clusters) {
      const owner = owners.get(cluster);
      if (owner && owner !== registration) {
        throw new ConflictError(
          `GPU provisioners '${owner.id}' and '${registration.id}' both claim cluster '${cluster}'`,
        );
      }
      owners.set(cluster, registration);
    }
  }

  const provisionerFor = (grant: GrantSpec) =>
    owners.get(grant.request.cluster)?.provisioner ?? builtIn;
  return {
    apply: grant => provisionerFor(grant).apply(grant),
    remove: grant => provisionerFor(grant).remove(grant),
    inspect: grant => provisionerFor(grant).inspect(grant),
  };
}
