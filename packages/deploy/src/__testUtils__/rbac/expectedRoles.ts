import { ApiOperations } from './apiOperations';
import { ObjectApiUse } from './objectApiUse';
import { ScanResult } from './scanKubernetesCalls';
import { Use } from './types';

/** The ClusterRoles of kubernetes/gpu-cluster, by what they are for. */
export const GPU_CLUSTER_ROLES = {
  suite: 'ai-platform-portal-suite',
  resourcequota: 'ai-platform-portal-grants-resourcequota',
  kueue: 'ai-platform-portal-grants-kueue',
  kai: 'ai-platform-portal-grants-kai',
  volcano: 'ai-platform-portal-grants-volcano',
  kubernetesPlugin: 'ai-platform-portal-kubernetes-plugin',
} as const;

/** What each role must allow, and where the derivation itself went wrong. */
export interface ExpectedRoles {
  uses: Map<string, Use[]>;
  problems: string[];
}

/**
 * What each GPU-cluster role must allow:
 * - suite: every typed and custom-object call the scan found, the
 *   object-client kinds used in both grant modes, and `bind`;
 * - grants-resourcequota / -kueue / -kai / -volcano: the object-client kinds
 *   of that grant mode;
 * - kubernetes-plugin: what Backstage's Kubernetes plugin reads.
 *
 * `objectApiUse` is held to the scan: its kinds must be the kinds the
 * provisioner builds, its verbs the verbs the object client's calls need.
 */
export function expectedRoles(options: {
  scan: ScanResult;
  operations: ApiOperations;
  objectApiUse: ObjectApiUse[];
  bind: Use;
  kubernetesPlugin: Use[];
}): ExpectedRoles {
  const { scan, operations, objectApiUse, bind, kubernetesPlugin } = options;
  const problems = [...scan.problems];
  const builtKinds = new Set(scan.objectKinds.map(k => k.kind));
  const tableKinds = new Set(objectApiUse.map(u => u.kind));
  for (const { kind, at } of scan.objectKinds) {
    if (!tableKinds.has(kind)) {
      problems.push(
        `${at} builds ${kind}, which OBJECT_API_USE does not cover`,
      );
    }
  }
  for (const kind of tableKinds) {
    if (!builtKinds.has(kind)) {
      problems.push(`OBJECT_API_USE lists ${kind}, which no code builds`);
    }
  }
  const calledVerbs = new Set(scan.objectApiCalls.flatMap(c => c.verbs));
  const tableVerbs = new Set(objectApiUse.flatMap(u => u.verbs));
  for (const call of scan.objectApiCalls) {
    for (const verb of call.verbs) {
      if (!tableVerbs.has(verb)) {
        problems.push(
          `${call.call} at ${call.at} needs ${verb}, which OBJECT_API_USE gives no kind`,
        );
      }
    }
  }
  for (const use of objectApiUse) {
    for (const verb of use.verbs) {
      if (!calledVerbs.has(verb)) {
        problems.push(
          `OBJECT_API_USE gives ${verb} on ${use.kind}, which no KubernetesObjectApi call needs`,
        );
      }
    }
  }

  const uses = new Map<string, Use[]>([
    [GPU_CLUSTER_ROLES.suite, [...scan.uses, bind]],
    [GPU_CLUSTER_ROLES.resourcequota, []],
    [GPU_CLUSTER_ROLES.kueue, []],
    [GPU_CLUSTER_ROLES.kai, []],
    [GPU_CLUSTER_ROLES.volcano, []],
    [GPU_CLUSTER_ROLES.kubernetesPlugin, kubernetesPlugin],
  ]);
  for (const use of objectApiUse) {
    if (!builtKinds.has(use.kind)) continue;
    const { group, resource } = operations.resourceOf(use.kind, use.group);
    const roles = use.modes
      ? use.modes.map(mode => GPU_CLUSTER_ROLES[mode])
      : [GPU_CLUSTER_ROLES.suite];
    for (const [role, verb] of roles.flatMap(r =>
      use.verbs.map(v => [r, v] as const),
    )) {
      uses.get(role)!.push({
        permission: { group, resource, verb },
        at: scan.objectApiCalls
          .filter(c => c.verbs.includes(verb))
          .map(c => c.at)
          .join(', '),
        call: `KubernetesObjectApi on ${use.kind} (${use.why})`,
      });
    }
  }
  return { uses, problems };
}
