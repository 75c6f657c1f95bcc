/** The Kubernetes resource a grant is counted in. */
export function gpuResourceName(migProfile?: string): string {
  return migProfile ? `nvidia.com/mig-${migProfile}` : 'nvidia.com/gpu';
}

/**
 * Commands and a sample pod for a grant's namespace. The pod passes the
 * `restricted` Pod Security Standard that grant namespaces enforce by default.
 */
export function kubectlSnippets(grant: {
  cluster: string;
  namespace: string;
  migProfile?: string;
  count: number;
}): { quota: string; apply: string; podSpec: string } {
  const context = `kubectl --context ${grant.cluster} -n ${grant.namespace}`;
  const resource = gpuResourceName(grant.migProfile);
  const unit = grant.migProfile ? 'MIG instances' : 'GPUs';
  return {
    quota: `${context} get resourcequota`,
    apply: `${context} apply -f gpu-smoke-test.yaml\n${context} logs -f gpu-smoke-test`,
    podSpec: [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: gpu-smoke-test',
      `  namespace: ${grant.namespace}`,
      'spec:',
      '  restartPolicy: Never',
      '  securityContext:',
      '    runAsNonRoot: true',
      '    runAsUser: 1000',
      '    seccompProfile:',
      '      type: RuntimeDefault',
      '  containers:',
      '    - name: cuda',
      '      image: nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04',
      '      command: ["nvidia-smi"]',
      '      securityContext:',
      '        allowPrivilegeEscalation: false',
      '        capabilities:',
      '          drop: ["ALL"]',
      '      resources:',
      '        limits:',
      `          ${resource}: 1 # up to ${grant.count} ${unit} in this namespace`,
    ].join('\n'),
  };
}
