import { createSchemaValidation } from '@ai-platform/cluster-sim';
import { ApiOperations } from './apiOperations';
import { compareRole } from './compareRole';
import { scanKubernetesCalls, SourceFile } from './scanKubernetesCalls';
import { permissionKey } from './types';

const operations = ApiOperations.fromSchemas(
  createSchemaValidation({ required: true })!,
);
const scan = (...files: SourceFile[]) => scanKubernetesCalls(files, operations);
const keys = (result: ReturnType<typeof scan>) =>
  result.uses.map(u => `${permissionKey(u.permission)} ${u.at}`);

describe('scanKubernetesCalls', () => {
  it('maps typed client calls through the OpenAPI documents, across line breaks', () => {
    const result = scan({
      path: 'p/a.ts',
      text: [
        "import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';",
        'const core = kc.makeApiClient(CoreV1Api);',
        'await core.listNamespacedPod({ namespace });',
        'await core',
        '  .patchNamespace({ name, body });',
        'await rbac.deleteNamespacedRoleBinding({ name, namespace });',
        'await core.readNamespacedPodLog({ name, namespace });',
        'await this.listNamespacedThings();',
      ].join('\n'),
    });
    expect(result.problems).toEqual([]);
    expect(keys(result)).toEqual([
      'core/pods:list p/a.ts:3',
      'core/namespaces:patch p/a.ts:5',
      'rbac.authorization.k8s.io/rolebindings:delete p/a.ts:6',
      'core/pods/log:get p/a.ts:7',
    ]);
  });

  it('reads custom-object groups and plurals from the call or the file', () => {
    const result = scan({
      path: 'p/b.ts',
      text: [
        "import { CustomObjectsApi } from '@kubernetes/client-node';",
        "const KINDS = [{ group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices' }];",
        'for (const k of KINDS) await custom.listClusterCustomObject({ group: k.group, version: k.version, plural: k.plural });',
        "await custom.patchNamespacedCustomObjectStatus({ group: 'kueue.x-k8s.io', version: 'v1beta2', plural: 'workloads', namespace, name, body });",
      ].join('\n'),
    });
    expect(result.problems).toEqual([]);
    expect(keys(result)).toEqual([
      'serving.kserve.io/inferenceservices:list p/b.ts:3',
      'kueue.x-k8s.io/workloads/status:patch p/b.ts:4',
    ]);
  });

  it('collects the generic client calls and the kinds its file and local imports build', () => {
    const result = scan(
      {
        path: 'p/prov.ts',
        text: [
          "import { KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';",
          "import { objects } from './objects';",
          'async function apply(api: KubernetesObjectApi, obj: object) {',
          '  await api.patch(obj, undefined, undefined, "m", true, PatchStrategy.ServerSideApply);',
          '  await this.read(api, obj);',
          '}',
          'const other = this.clusters.objects(cluster);',
          "await other.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });",
          'await cache.delete(key);',
        ].join('\n'),
      },
      {
        path: 'p/objects.ts',
        text: "export const objects = [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }];",
      },
    );
    expect(result.problems).toEqual([]);
    expect(result.objectApiCalls.map(c => [c.call, c.verbs, c.at])).toEqual([
      [
        'KubernetesObjectApi.patch (server-side apply)',
        ['patch', 'create'],
        'p/prov.ts:4',
      ],
      ['KubernetesObjectApi.delete', ['delete'], 'p/prov.ts:8'],
    ]);
    expect(result.objectKinds).toEqual([
      { kind: 'Namespace', at: 'p/prov.ts:8' },
      { kind: 'NetworkPolicy', at: 'p/objects.ts:1' },
    ]);
  });

  it.each([
    [
      'a client-node helper it does not model',
      "import { Watch, CoreV1Api } from '@kubernetes/client-node';",
      /p\/c\.ts:1: imports Watch from @kubernetes\/client-node/,
    ],
    [
      'an operation of a client class the file does not name',
      'await this.clusters.core(name).listNode();',
      /p\/c\.ts:1: listNode is an operation of CoreV1Api, and the file names none of them/,
    ],
    [
      'a custom-object call without a readable group and plural',
      "import { CustomObjectsApi } from '@kubernetes/client-node';\nawait custom.listClusterCustomObject(options);",
      /p\/c\.ts:2: listClusterCustomObject without a group and plural/,
    ],
  ])('reports %s as a problem naming the line', (_, text, problem) => {
    expect(scan({ path: 'p/c.ts', text }).problems.join('\n')).toMatch(problem);
  });
});

describe('compareRole', () => {
  it('names what a role lacks, where it is used, and what it allows beyond use', () => {
    const role = {
      kind: 'ClusterRole' as const,
      name: 'r',
      where: 'r.yaml#0',
      problems: [],
      permissions: [
        { group: '', resource: 'pods', verb: 'list' },
        { group: '', resource: 'secrets', verb: 'get' },
      ],
    };
    expect(
      compareRole(role, [
        {
          permission: { group: '', resource: 'pods', verb: 'list' },
          at: 'a.ts:1',
          call: 'x',
        },
        {
          permission: { group: '', resource: 'nodes', verb: 'list' },
          at: 'b.ts:2',
          call: 'CoreV1Api.listNode',
        },
      ]),
    ).toEqual([
      'ClusterRole r is missing core/nodes:list, used by CoreV1Api.listNode at b.ts:2',
      'ClusterRole r allows core/secrets:get, which no code uses (r.yaml#0)',
    ]);
  });
});
