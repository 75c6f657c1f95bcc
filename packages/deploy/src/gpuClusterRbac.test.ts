import path from 'node:path';
import { createSchemaValidation } from '@ai-platform/cluster-sim';
import { readMergedConfig } from './__testUtils__/config/readMergedConfig';
import { readManifests } from './__testUtils__/manifests/readManifests';
import {
  MANIFESTS_DIR,
  PRODUCTION_CONFIG_FILES,
  REPO_ROOT,
} from './__testUtils__/paths';
import { ApiOperations } from './__testUtils__/rbac/apiOperations';
import { bindUse } from './__testUtils__/rbac/bindUse';
import { compareRole } from './__testUtils__/rbac/compareRole';
import {
  expectedRoles,
  GPU_CLUSTER_ROLES,
} from './__testUtils__/rbac/expectedRoles';
import { kubernetesPluginUses } from './__testUtils__/rbac/kubernetesPluginUses';
import { listPluginSources } from './__testUtils__/rbac/listSourceFiles';
import { OBJECT_API_USE } from './__testUtils__/rbac/objectApiUse';
import { rolePermissions } from './__testUtils__/rbac/rolePermissions';
import { scanKubernetesCalls } from './__testUtils__/rbac/scanKubernetesCalls';

const PORTAL_ACCOUNT = {
  kind: 'ServiceAccount',
  name: 'ai-platform-portal',
  namespace: 'ai-platform-portal',
};

describe('the RBAC on a GPU cluster', () => {
  const operations = ApiOperations.fromSchemas(
    createSchemaValidation({ required: true })!,
  );
  const files = listPluginSources(REPO_ROOT);
  const scan = scanKubernetesCalls(files, operations);
  const config = readMergedConfig(REPO_ROOT, PRODUCTION_CONFIG_FILES);
  const expected = expectedRoles({
    scan,
    operations,
    objectApiUse: OBJECT_API_USE,
    bind: bindUse(files, config),
    kubernetesPlugin: kubernetesPluginUses(config),
  });
  const docs = readManifests(path.join(MANIFESTS_DIR, 'gpu-cluster'));
  const roles = rolePermissions(docs);

  it('is derived from the code with nothing left unmapped', () => {
    expect(expected.problems).toEqual([]);
  });

  it('finds the calls of every family that talks to clusters', () => {
    const fileOf = (at: string) => at.split('/').slice(0, 2).join('/');
    expect(new Set(scan.uses.map(u => fileOf(u.at)))).toEqual(
      new Set([
        'plugins/catalog-backend-module-model-catalog',
        'plugins/compliance-backend',
        'plugins/gpu-metrics-backend',
        'plugins/gpu-provisioning-backend',
      ]),
    );
    expect(scan.uses.map(u => u.call)).toEqual(
      expect.arrayContaining([
        'CoreV1Api.listNode',
        'CoreV1Api.listPodForAllNamespaces',
        'CustomObjectsApi.listClusterCustomObject',
        'RbacAuthorizationV1Api.listClusterRoleBinding',
      ]),
    );
    expect(scan.objectApiCalls.map(c => c.call)).toContain(
      'KubernetesObjectApi.patch (server-side apply)',
    );
  });

  it('has exactly the six roles, none namespaced', () => {
    expect(roles.map(r => `${r.kind} ${r.name}`).sort()).toEqual(
      Object.values(GPU_CLUSTER_ROLES)
        .map(name => `ClusterRole ${name}`)
        .sort(),
    );
  });

  it.each(Object.values(GPU_CLUSTER_ROLES))(
    '%s allows exactly what the code uses, without wildcards',
    name => {
      const role = roles.find(r => r.name === name);
      expect(role).toBeDefined();
      expect(role!.problems).toEqual([]);
      expect(compareRole(role!, expected.uses.get(name)!)).toEqual([]);
    },
  );

  it('binds each role once, to the portal ServiceAccount only', () => {
    const bindings = docs
      .map(d => d.object)
      .filter(o => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding');
    expect(bindings.map(b => b.kind)).not.toContain('RoleBinding');
    expect(
      bindings
        .map(b => (b.roleRef as { kind: string; name: string }).name)
        .sort(),
    ).toEqual(Object.values(GPU_CLUSTER_ROLES).sort());
    for (const binding of bindings) {
      expect(binding.roleRef).toMatchObject({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
      });
      expect(binding.subjects).toEqual([PORTAL_ACCOUNT]);
    }
    const account = docs.find(d => d.object.kind === 'ServiceAccount')?.object;
    expect(account?.metadata).toMatchObject({
      name: PORTAL_ACCOUNT.name,
      namespace: PORTAL_ACCOUNT.namespace,
    });
    expect(account?.automountServiceAccountToken).toBe(false);
  });

  it('gives the ServiceAccount a token Secret Kubernetes fills in', () => {
    const token = docs.find(d => d.object.kind === 'Secret')?.object;
    expect(token).toMatchObject({
      type: 'kubernetes.io/service-account-token',
      metadata: {
        namespace: PORTAL_ACCOUNT.namespace,
        annotations: {
          'kubernetes.io/service-account.name': PORTAL_ACCOUNT.name,
        },
      },
    });
    expect(token).not.toHaveProperty('data');
    expect(token).not.toHaveProperty('stringData');
  });
});
