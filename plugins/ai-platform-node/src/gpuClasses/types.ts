/**
 * A MIG profile a GPU class can be split into, with its own rate.
 *
 * @public
 */
export interface GpuMigProfile {
  /** The profile as NVIDIA names it, e.g. `1g.10gb`. */
  name: string;
  memoryMiB: number;
  hourlyRate: number;
}

/**
 * A GPU class of `gpuProvisioning.gpuClasses`. `displayName`,
 * `productLabel` and `hourlyRate` are optional in the config read by the
 * model catalog; a backend that needs them asks for them with
 * `GpuClassCatalog.require`.
 *
 * @public
 */
export interface GpuClass {
  id: string;
  displayName?: string;
  /** `nvidia.com/gpu.product` of its nodes. */
  productLabel?: string;
  memoryMiB: number;
  hourlyRate?: number;
  migProfiles: GpuMigProfile[];
}

/**
 * The optional fields of a GPU class a backend can require.
 *
 * @public
 */
export type GpuClassField = 'displayName' | 'productLabel' | 'hourlyRate';

/**
 * A GPU class with the required fields present.
 *
 * @public
 */
export type GpuClassWith<K extends GpuClassField> = GpuClass &
  Required<Pick<GpuClass, K>>;
