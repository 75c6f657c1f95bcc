import { GpuClassCapacity } from '@ai-platform/plugin-gpu-provisioning-common';
import {
  CapacityReader,
  GrantObjectsState,
  GrantProvisioner,
  GrantSpec,
} from '../types';

function capacity(
  item: Omit<GpuClassCapacity, 'granted' | 'free' | 'resource'>,
): GpuClassCapacity {
  return {
    ...item,
    resource: item.migProfile
      ? `nvidia.com/mig-${item.migProfile}`
      : 'nvidia.com/gpu',
    granted: 0,
    free: Math.max(0, item.total - item.inUse),
  };
}

/** Capacity of the two demo clusters. */
export const testCapacity: GpuClassCapacity[] = [
  capacity({
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    displayName: 'NVIDIA H100 80GB',
    memoryMiB: 81559,
    hourlyRate: 4.5,
    total: 32,
    inUse: 4,
  }),
  capacity({
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    migProfile: '1g.10gb',
    displayName: 'NVIDIA H100 80GB 1g.10gb',
    memoryMiB: 9984,
    hourlyRate: 0.7,
    total: 14,
    inUse: 0,
  }),
  capacity({
    cluster: 'gpu-prod',
    gpuClass: 'a100',
    displayName: 'NVIDIA A100 80GB',
    memoryMiB: 81920,
    hourlyRate: 2.9,
    total: 16,
    inUse: 2,
  }),
  capacity({
    cluster: 'gpu-dev',
    gpuClass: 'l40s',
    displayName: 'NVIDIA L40S',
    memoryMiB: 46068,
    hourlyRate: 1.6,
    total: 8,
    inUse: 1,
  }),
];

/**
 * An in-memory stand-in for the Kubernetes side, for router and service
 * tests only: the real Kubernetes path is tested against the cluster
 * emulator by the Kubernetes and integration tests.
 */
export class FakeCluster implements CapacityReader, GrantProvisioner {
  readonly applied: GrantSpec[] = [];
  readonly removed: GrantSpec[] = [];
  /** When set, `apply` throws it. */
  failApplyWith?: Error;
  private readonly items: GpuClassCapacity[];
  private readonly errors: Array<{ cluster: string; message: string }>;
  private readonly clusters: string[];

  static create(options?: {
    items?: GpuClassCapacity[];
    errors?: Array<{ cluster: string; message: string }>;
    clusters?: string[];
  }): FakeCluster {
    return new FakeCluster(options ?? {});
  }

  private constructor(options: {
    items?: GpuClassCapacity[];
    errors?: Array<{ cluster: string; message: string }>;
    clusters?: string[];
  }) {
    this.items = options.items ?? testCapacity;
    this.errors = options.errors ?? [];
    this.clusters = options.clusters ?? ['gpu-dev', 'gpu-prod'];
  }

  async read() {
    return {
      items: this.items.map(item => ({ ...item })),
      errors: [...this.errors],
    };
  }

  clusterNames(): string[] {
    return [...this.clusters];
  }

  async apply(grant: GrantSpec): Promise<void> {
    if (this.failApplyWith) throw this.failApplyWith;
    this.applied.push(grant);
  }

  async remove(grant: GrantSpec): Promise<void> {
    this.removed.push(grant);
  }

  async inspect(): Promise<GrantObjectsState> {
    return { namespaceExists: true, drifted: [] };
  }
}
