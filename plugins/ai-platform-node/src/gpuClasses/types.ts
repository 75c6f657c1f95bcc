/**
 * A MIG profile a GPU class can be split into, with its own rate.
 *
 * @public
 */
export interface GpuMigProfile {
  /** The profile as NVIDIA names it, e.g. `1g.10gb`. */
  name: string;
  /** Memory of one instance, in MiB. */
  memoryMiB: number;
  /** Price of one instance-hour. */
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
  /** The class id requests and quotas name, e.g. `h100`. */
  id: string;
  /** The name people see. */
  displayName?: string;
  /** `nvidia.com/gpu.product` of its nodes. */
  productLabel?: string;
  /** Memory of one GPU, in MiB. */
  memoryMiB: number;
  /** Price of one GPU-hour. */
  hourlyRate?: number;
  /** The MIG profiles the class can be split into; empty when none. */
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
