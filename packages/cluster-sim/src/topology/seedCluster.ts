import { createHash } from 'node:crypto';
import {
  GATEWAY_CALLERS_ANNOTATION,
  PROFILE_ANNOTATION,
  SERVED_MODEL_ANNOTATION,
  formatGatewayCallers,
} from '../api/controllers/GpuAllocator';
import { STARTED_AT_ANNOTATION } from '../api/controllers/scheduler';
import { KubernetesApi } from '../api/KubernetesApi';
import { findResourceByKind } from '../api/resources';
import { nodeObjects } from './nodeObjects';
import { ClusterTopology, FleetTopology, SeedWorkload } from './types';

/** Namespace of the GPU Operator's components, dcgm-exporter among them. */
export const GPU_OPERATOR_NAMESPACE = 'gpu-operator';

const IMAGES: Record<SeedWorkload['profile'], string> = {
  training: 'nvcr.io/nvidia/pytorch:25.10-py3',
  inference: 'vllm/vllm-openai:v0.11.0',
  notebook: 'quay.io/jupyter/pytorch-notebook:cuda12-2025-10-20',
  idle: 'nvcr.io/nvidia/pytorch:25.10-py3',
};

function shortHash(...parts: Array<string | number>): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 5);
}

function containerName(workload: SeedWorkload): string {
  if (workload.profile === 'inference')
    return workload.servedModel ? 'vllm' : 'server';
  if (workload.profile === 'notebook') return 'notebook';
  return 'trainer';
}

function podTemplate(fleet: FleetTopology, workload: SeedWorkload) {
  const gpuResource = workload.migProfile
    ? `nvidia.com/mig-${workload.migProfile}`
    : 'nvidia.com/gpu';
  const gpus = workload.gpusPerReplica;
  const container = containerName(workload);
  return {
    metadata: {
      labels: {
        ...workload.labels,
        app: workload.name,
        'backstage.io/kubernetes-id': workload.component,
        'ai-platform.io/team': workload.team,
      },
      annotations: {
        [PROFILE_ANNOTATION]: workload.profile,
        [STARTED_AT_ANNOTATION]: new Date(
          Date.now() - (workload.startedDaysAgo ?? 7) * 86_400_000,
        ).toISOString(),
        ...(workload.servedModel
          ? { [SERVED_MODEL_ANNOTATION]: workload.servedModel }
          : {}),
        ...(workload.servedModel && workload.gatewayCallers
          ? {
              [GATEWAY_CALLERS_ANNOTATION]: formatGatewayCallers(
                workload.gatewayCallers,
              ),
            }
          : {}),
      },
    },
    spec: {
      restartPolicy: workload.kind === 'Job' ? 'Never' : 'Always',
      ...(workload.gpu
        ? {
            nodeSelector: {
              'nvidia.com/gpu.product': fleet.gpuProducts[workload.gpu].product,
            },
          }
        : {}),
      containers: [
        {
          name: container,
          image: IMAGES[workload.profile],
          ...(workload.servedModel
            ? {
                args: [
                  '--model',
                  workload.servedModel,
                  '--tensor-parallel-size',
                  String(Math.max(1, gpus)),
                ],
              }
            : {}),
          resources: {
            requests: {
              cpu: String(Math.max(2, gpus * 8)),
              memory: `${Math.max(8, gpus * 64)}Gi`,
              ...(gpus ? { [gpuResource]: String(gpus) } : {}),
            },
            limits: {
              memory: `${Math.max(8, gpus * 64)}Gi`,
              ...(gpus ? { [gpuResource]: String(gpus) } : {}),
            },
          },
        },
      ],
    },
  };
}

/**
 * Fills a cluster with its topology: GPU nodes, the GPU Operator's
 * dcgm-exporter pods, the teams' namespaces and their workloads. Everything is
 * created through the API, so it is validated and admitted like a client's.
 */
export function seedCluster(
  api: KubernetesApi,
  fleet: FleetTopology,
  cluster: ClusterTopology,
): void {
  const type = (apiVersion: string, kind: string) =>
    findResourceByKind(apiVersion, kind)!;
  const options = { fieldManager: 'cluster-sim-seed' };
  for (const node of nodeObjects(fleet, cluster)) {
    api.create(type('v1', 'Node'), 'v1', undefined, node, options);
  }
  const namespaces = new Map<string, string>([
    [GPU_OPERATOR_NAMESPACE, 'gpu-infrastructure'],
  ]);
  for (const w of cluster.workloads)
    if (!namespaces.has(w.namespace)) namespaces.set(w.namespace, w.team);
  for (const [name, team] of namespaces) {
    api.create(
      type('v1', 'Namespace'),
      'v1',
      undefined,
      { metadata: { name, labels: { 'ai-platform.io/team': team } } },
      options,
    );
  }
  for (const node of api.store.list(type('v1', 'Node'))) {
    const name = `nvidia-dcgm-exporter-${shortHash(
      fleet.seed,
      node.metadata.name,
    )}`;
    api.create(
      type('v1', 'Pod'),
      'v1',
      GPU_OPERATOR_NAMESPACE,
      {
        metadata: {
          name,
          labels: {
            app: 'nvidia-dcgm-exporter',
            'app.kubernetes.io/part-of': 'gpu-operator',
          },
        },
        spec: {
          nodeName: node.metadata.name,
          containers: [
            {
              name: 'nvidia-dcgm-exporter',
              image: 'nvcr.io/nvidia/k8s/dcgm-exporter:4.4.1-4.6.0-ubuntu22.04',
              ports: [{ name: 'metrics', containerPort: 9400 }],
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
        },
      },
      options,
    );
  }
  for (const object of cluster.objects ?? []) {
    // Server-side apply, so an object may also add labels to a seeded namespace.
    api.patch(
      type(object.apiVersion, object.kind),
      object.apiVersion.split('/').pop()!,
      object.metadata.namespace,
      object.metadata.name,
      'application/apply-patch+yaml',
      object,
      { fieldManager: 'cluster-sim-seed-objects' },
    );
  }
  for (const workload of cluster.workloads) {
    const template = podTemplate(fleet, workload);
    if (workload.kind === 'Job') {
      api.create(
        type('batch/v1', 'Job'),
        'v1',
        workload.namespace,
        {
          metadata: { name: workload.name, labels: template.metadata.labels },
          spec: {
            parallelism: workload.replicas,
            completions: workload.replicas,
            backoffLimit: 0,
            template,
          },
        },
        options,
      );
      continue;
    }
    for (let i = 0; i < workload.replicas; i++) {
      api.create(
        type('v1', 'Pod'),
        'v1',
        workload.namespace,
        {
          metadata: {
            ...template.metadata,
            name: `${workload.name}-${shortHash(
              fleet.seed,
              cluster.name,
              workload.name,
              i,
            )}`,
          },
          spec: template.spec,
        },
        options,
      );
    }
  }
}
