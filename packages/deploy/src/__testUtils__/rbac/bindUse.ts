import { configAt, Json } from '../config/readMergedConfig';
import { SourceFile } from './scanKubernetesCalls';
import { Use } from './types';

const PROVISIONER_DIR = 'plugins/gpu-provisioning-backend/src';
const GRANT_OBJECTS = `${PROVISIONER_DIR}/kubernetes/grantObjects.ts`;
const CONFIG_READER = `${PROVISIONER_DIR}/config/GpuProvisioningConfig.ts`;
const CONFIG_KEY = 'gpuProvisioning.namespaces.clusterRole';

const ROLE_REF_KIND = /kind:\s*'(\w+)'/;
const DEFAULT_ROLE = /getOptionalString\('clusterRole'\)\s*\?\?\s*'([^']*)'/;

function source(files: SourceFile[], path: string): SourceFile {
  const file = files.find(f => f.path === path);
  if (!file) throw new Error(`${path} is gone; update the RBAC scan`);
  return file;
}

/**
 * The `bind` permission grants need. Each grant's RoleBinding gives the team
 * the role of `gpuProvisioning.namespaces.clusterRole`; Kubernetes lets the
 * portal create such a binding only when it may `bind` that role (or holds
 * everything the role grants, which would be far more). The kind comes from
 * the RoleBinding's roleRef in grantObjects, the name from the production
 * config or else the default GpuProvisioningConfig reads.
 */
export function bindUse(files: SourceFile[], config: Json): Use {
  const grants = source(files, GRANT_OBJECTS);
  const refAt = grants.text.indexOf('roleRef:');
  const refEnd = grants.text.indexOf('}', refAt);
  const kind =
    refAt >= 0 ? ROLE_REF_KIND.exec(grants.text.slice(refAt, refEnd)) : null;
  if (!kind)
    throw new Error(
      `${GRANT_OBJECTS} has no roleRef kind; update the RBAC scan`,
    );
  const reader = source(files, CONFIG_READER);
  const fallback = DEFAULT_ROLE.exec(reader.text);
  if (!fallback) {
    throw new Error(
      `${CONFIG_READER} has no default clusterRole; update the RBAC scan`,
    );
  }
  const configured = configAt(config, CONFIG_KEY);
  const name = typeof configured === 'string' ? configured : fallback[1];
  return {
    permission: {
      group: 'rbac.authorization.k8s.io',
      resource: kind[1] === 'ClusterRole' ? 'clusterroles' : 'roles',
      verb: 'bind',
      resourceName: name,
    },
    at: GRANT_OBJECTS,
    call: `RoleBinding to ${kind[1]} ${name} (${
      typeof configured === 'string'
        ? CONFIG_KEY
        : `default in ${CONFIG_READER}`
    })`,
  };
}
