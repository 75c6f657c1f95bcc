import { createHash } from 'node:crypto';
import {
  GpuDevice,
  GpuInventory,
  GpuProduct,
  NodeGpus,
  WorkloadProfile,
} from '../../topology/types';
import { isGpuResource, podRequests } from '../podResources';
import { KubeObject } from '../types';

/** Annotation that sets the simulated usage profile of a pod's GPUs. */
export const PROFILE_ANNOTATION = 'cluster-sim.ai-platform.io/profile';
/** Annotation naming the model an inference pod serves (for vLLM metrics). */
export const SERVED_MODEL_ANNOTATION =
  'cluster-sim.ai-platform.io/served-model';
/**
 * Annotation of a model server's callers through the AI gateway and their
 * shares of its tokens: `assistant-api=0.4,recs-serving=0.2`.
 */
export const GATEWAY_CALLERS_ANNOTATION =
  'cluster-sim.ai-platform.io/gateway-callers';

/** Parses {@link GATEWAY_CALLERS_ANNOTATION}; malformed entries are skipped. */
export function parseGatewayCallers(
  value: string | undefined,
): Record<string, number> | undefined {
  if (!value) return undefined;
  const callers: Record<string, number> = {};
  for (const entry of value.split(',')) {
    const [caller, share] = entry.split('=');
    const parsed = Number(share);
    if (caller?.trim() && parsed > 0 && parsed <= 1)
      callers[caller.trim()] = parsed;
  }
  return Object.keys(callers).length ? callers : undefined;
}

/** Formats {@link GATEWAY_CALLERS_ANNOTATION}. */
export function formatGatewayCallers(callers: Record<string, number>): string {
  return Object.entries(callers)
    .map(([caller, share]) => `${caller}=${share}`)
    .join(',');
}

/** PCI bus numbers of an 8-GPU HGX board, as nvidia-smi lists them. */
const HGX_BUSES = ['18', '2A', '3A', '5D', '9A', 'AB', 'BA', 'DB'];

interface Slot {
  /** Resource name the slot satisfies: `nvidia.com/gpu` or `nvidia.com/mig-<profile>`. */
  resource: string;
  device: Omit<GpuDevice, 'holder'>;
}

interface Allocation {
  node: string;
  slots: Slot[];
  pod: KubeObject;
}

/**
 * Which devices of its node a pod holds, by their position in the node's
 * device list: the device plugin's checkpoint, kept across restarts so a
 * pod keeps its GPUs (and dcgm-exporter series stay with the same pod).
 */
export interface GpuAssignment {
  podUid: string;
  node: string;
  slots: number[];
}

function uuidFor(seed: number, cluster: string, node: string, index: number) {
  const h = createHash('sha256')
    .update(`${seed}/${cluster}/${node}/${index}`)
    .digest('hex');
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
  return `GPU-${uuid}`;
}

/** The product of a node from its GPU Feature Discovery labels. */
function productOf(
  node: KubeObject,
  products: Record<string, GpuProduct>,
): GpuProduct | undefined {
  const label = node.metadata.labels?.['nvidia.com/gpu.product'];
  if (!label) return undefined;
  const base = label.replace(/-MIG-.*$/, '').replace(/-SHARED$/, '');
  return Object.values(products).find(p => p.product === base);
}

/**
 * The GPUs (and MIG instances) of each node and which pod holds which,
 * standing in for the device plugin's assignment that dcgm-exporter reads
 * from the kubelet's pod-resources API.
 */
export class GpuAllocator implements GpuInventory {
  private readonly slotsByNode = new Map<string, Slot[]>();
  private readonly allocations = new Map<string, Allocation>();

  constructor(
    private readonly options: {
      cluster: string;
      seed: number;
      products: Record<string, GpuProduct>;
    },
  ) {}

  /** Registers (or re-reads) a node's devices from its labels. */
  registerNode(node: KubeObject): void {
    const name = node.metadata.name;
    const labels = node.metadata.labels ?? {};
    const product = productOf(node, this.options.products);
    if (!product) {
      this.slotsByNode.set(name, []);
      return;
    }
    const gpuCount = Number(labels['nvidia.com/gpu.count'] ?? 0);
    const migProfiles = Object.keys(labels)
      .map(k => /^nvidia\.com\/mig-(.+)\.count$/.exec(k)?.[1])
      .filter((p): p is string => Boolean(p));
    const slots: Slot[] = [];
    const base = (index: number) => ({
      index,
      pciBusId: `00000000:${
        HGX_BUSES[index] ?? (0x18 + index * 0x10).toString(16).toUpperCase()
      }:00.0`,
      device: `nvidia${index}`,
      product,
    });
    if (migProfiles.length === 0) {
      for (let i = 0; i < gpuCount; i++) {
        slots.push({
          resource: 'nvidia.com/gpu',
          device: {
            ...base(i),
            uuid: uuidFor(this.options.seed, this.options.cluster, name, i),
          },
        });
      }
    } else {
      // Instances of each profile are spread evenly over the node's GPUs.
      const single = labels['nvidia.com/mig.strategy'] === 'single';
      for (let i = 0; i < gpuCount; i++) {
        let instanceId = 1;
        for (const profile of migProfiles) {
          const perGpu = Math.floor(
            Number(labels[`nvidia.com/mig-${profile}.count`]) / gpuCount,
          );
          const memoryMiB = Number(
            labels[`nvidia.com/mig-${profile}.memory`] ?? 0,
          );
          for (let j = 0; j < perGpu; j++) {
            const id = instanceId++;
            slots.push({
              resource: single ? 'nvidia.com/gpu' : `nvidia.com/mig-${profile}`,
              device: {
                ...base(i),
                // dcgm-exporter labels instances with their GPU's UUID.
                uuid: uuidFor(this.options.seed, this.options.cluster, name, i),
                mig: { profile, instanceId: id, memoryMiB },
              },
            });
          }
        }
      }
    }
    this.slotsByNode.set(name, slots);
  }

  removeNode(name: string): void {
    this.slotsByNode.delete(name);
  }

  private freeSlots(node: string): Slot[] {
    const taken = new Set<Slot>();
    for (const a of this.allocations.values()) {
      if (a.node === node) a.slots.forEach(s => taken.add(s));
    }
    return (this.slotsByNode.get(node) ?? []).filter(s => !taken.has(s));
  }

  /** Free devices on a node by resource name. */
  free(node: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const slot of this.freeSlots(node))
      counts[slot.resource] = (counts[slot.resource] ?? 0) + 1;
    return counts;
  }

  /** Whether the node has the devices the pod asks for. */
  fits(node: string, pod: KubeObject): boolean {
    const free = this.free(node);
    return Object.entries(podRequests(pod))
      .filter(([name]) => isGpuResource(name))
      .every(([name, count]) => (free[name] ?? 0) >= count);
  }

  /** Assigns devices to a pod bound to a node; false when they are not free. */
  allocate(node: string, pod: KubeObject): boolean {
    const uid = pod.metadata.uid!;
    if (this.allocations.has(uid)) return true;
    if (!this.fits(node, pod)) return false;
    const free = this.freeSlots(node);
    const slots: Slot[] = [];
    for (const [name, count] of Object.entries(podRequests(pod))) {
      if (!isGpuResource(name)) continue;
      slots.push(...free.filter(s => s.resource === name).slice(0, count));
    }
    this.allocations.set(uid, { node, slots, pod });
    return true;
  }

  /** Every pod's devices, for saving; see {@link GpuAllocator.adopt}. */
  assignments(): GpuAssignment[] {
    return [...this.allocations.entries()]
      .map(([podUid, a]) => {
        const nodeSlots = this.slotsByNode.get(a.node) ?? [];
        return {
          podUid,
          node: a.node,
          slots: a.slots.map(s => nodeSlots.indexOf(s)),
        };
      })
      .sort((a, b) => (a.podUid < b.podUid ? -1 : 1));
  }

  /**
   * Takes back a pod that already runs on `node` (after a restart): the
   * devices it was saved with when they still exist and are free, else
   * whatever fits, as a fresh allocation would.
   */
  adopt(node: string, pod: KubeObject, saved?: GpuAssignment): boolean {
    const uid = pod.metadata.uid!;
    if (this.allocations.has(uid)) return true;
    const nodeSlots = this.slotsByNode.get(node) ?? [];
    const free = new Set(this.freeSlots(node));
    const slots = (saved?.node === node ? saved.slots : []).map(
      i => nodeSlots[i],
    );
    const wanted = Object.entries(podRequests(pod)).filter(([name]) =>
      isGpuResource(name),
    );
    const matches =
      slots.every(s => s && free.has(s)) &&
      wanted.every(
        ([name, count]) =>
          slots.filter(s => s.resource === name).length === count,
      ) &&
      slots.length === wanted.reduce((sum, [, count]) => sum + count, 0);
    if (!matches) return this.allocate(node, pod);
    this.allocations.set(uid, { node, slots, pod });
    return true;
  }

  release(podUid: string): void {
    this.allocations.delete(podUid);
  }

  /** Updates the pod an allocation refers to (its status changed). */
  refresh(pod: KubeObject): void {
    const allocation = this.allocations.get(pod.metadata.uid!);
    if (allocation) allocation.pod = pod;
  }

  nodeGpus(): NodeGpus[] {
    return [...this.slotsByNode.entries()].map(([hostname, slots]) => {
      const holders = new Map<Slot, Allocation>();
      for (const a of this.allocations.values()) {
        if (a.node === hostname) a.slots.forEach(s => holders.set(s, a));
      }
      return {
        cluster: this.options.cluster,
        hostname,
        devices: slots.map(slot => {
          const allocation = holders.get(slot);
          if (!allocation) return { ...slot.device };
          const { pod } = allocation;
          const annotations = pod.metadata.annotations ?? {};
          const containers = ((pod.spec as any)?.containers ?? []) as Array<{
            name: string;
            resources?: {
              requests?: Record<string, unknown>;
              limits?: Record<string, unknown>;
            };
          }>;
          const holderContainer =
            containers.find(c =>
              Object.keys({
                ...c.resources?.requests,
                ...c.resources?.limits,
              }).some(isGpuResource),
            ) ?? containers[0];
          const startTime = (pod.status as { startTime?: string } | undefined)
            ?.startTime;
          return {
            ...slot.device,
            holder: {
              namespace: pod.metadata.namespace!,
              pod: pod.metadata.name,
              uid: pod.metadata.uid,
              container: holderContainer?.name ?? '',
              profile: profileOf(pod),
              since: new Date(
                startTime ?? pod.metadata.creationTimestamp ?? Date.now(),
              ),
              ...(annotations[SERVED_MODEL_ANNOTATION]
                ? { servedModel: annotations[SERVED_MODEL_ANNOTATION] }
                : {}),
              ...(parseGatewayCallers(annotations[GATEWAY_CALLERS_ANNOTATION])
                ? {
                    gatewayCallers: parseGatewayCallers(
                      annotations[GATEWAY_CALLERS_ANNOTATION],
                    ),
                    app: pod.metadata.labels?.app,
                  }
                : {}),
            },
          };
        }),
      };
    });
  }
}

const PROFILES: WorkloadProfile[] = [
  'training',
  'inference',
  'notebook',
  'idle',
];

/** The usage profile of a pod: its annotation, else guessed from what created it. */
export function profileOf(pod: KubeObject): WorkloadProfile {
  const annotated = pod.metadata.annotations?.[
    PROFILE_ANNOTATION
  ] as WorkloadProfile;
  if (PROFILES.includes(annotated)) return annotated;
  const labels = pod.metadata.labels ?? {};
  if (labels['batch.kubernetes.io/job-name'] || labels['job-name'])
    return 'training';
  if (labels['serving.kserve.io/inferenceservice']) return 'inference';
  return 'notebook';
}
