/** Where a DCGM field is reported once a GPU is in MIG mode. */
export type MigScope =
  /** On the whole GPU only. */
  | 'gpu'
  /** On the whole GPU and on each GPU instance (`GPU_I_PROFILE`, `GPU_I_ID`). */
  | 'gpuAndInstance'
  /** Not at all: NVML has no value for the field in MIG mode. */
  | 'notInMig';

/** A metric family the simulated dcgm-exporter emits. */
export interface DcgmCounter {
  name: string;
  /** DCGM field id: the exporter prints families in ascending field id. */
  fieldId: number;
  type: 'gauge' | 'counter';
  /** HELP text exactly as dcgm-exporter 4.x prints it. */
  help: string;
  /** DCGM value type: int64 prints with `%d`, double with `%f`. */
  valueType: 'int64' | 'double';
  migScope: MigScope;
  /** Only GPUs with NVLink report the field (the exporter skips blank values). */
  nvlinkOnly?: boolean;
}

/**
 * The families of dcgm-exporter 4.8.2's `default-counters.csv` (which, as
 * deployed by the GPU Operator, includes the DCP profiling fields), in the
 * order the exporter prints them. Embedded so the simulator has no runtime
 * dependency on the reference files; a test checks it against them.
 */
export const dcgmCounters: readonly DcgmCounter[] = [
  {
    name: 'DCGM_FI_DEV_SM_CLOCK',
    fieldId: 100,
    type: 'gauge',
    help: 'SM clock frequency (in MHz).',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_MEM_CLOCK',
    fieldId: 101,
    type: 'gauge',
    help: 'Memory clock frequency (in MHz).',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_MEMORY_TEMP',
    fieldId: 140,
    type: 'gauge',
    help: 'Memory temperature (in C).',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_GPU_TEMP',
    fieldId: 150,
    type: 'gauge',
    help: 'GPU temperature (in C).',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_POWER_USAGE',
    fieldId: 155,
    type: 'gauge',
    help: 'Power draw (in W).',
    valueType: 'double',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
    fieldId: 156,
    type: 'counter',
    help: 'Total energy consumption since boot (in mJ).',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_PCIE_REPLAY_COUNTER',
    fieldId: 202,
    type: 'counter',
    help: 'Total number of PCIe retries.',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_GPU_UTIL',
    fieldId: 203,
    type: 'gauge',
    help: 'GPU utilization (in %).',
    valueType: 'int64',
    migScope: 'notInMig',
  },
  {
    name: 'DCGM_FI_DEV_MEM_COPY_UTIL',
    fieldId: 204,
    type: 'gauge',
    help: 'Memory utilization (in %).',
    valueType: 'int64',
    migScope: 'notInMig',
  },
  {
    name: 'DCGM_FI_DEV_ENC_UTIL',
    fieldId: 206,
    type: 'gauge',
    help: 'Encoder utilization (in %).',
    valueType: 'int64',
    migScope: 'notInMig',
  },
  {
    name: 'DCGM_FI_DEV_DEC_UTIL',
    fieldId: 207,
    type: 'gauge',
    help: 'Decoder utilization (in %).',
    valueType: 'int64',
    migScope: 'notInMig',
  },
  {
    name: 'DCGM_FI_DEV_XID_ERRORS',
    fieldId: 230,
    type: 'gauge',
    help: 'Value of the last XID error encountered.',
    valueType: 'int64',
    migScope: 'gpuAndInstance',
  },
  {
    name: 'DCGM_FI_DEV_FB_FREE',
    fieldId: 251,
    type: 'gauge',
    help: 'Framebuffer memory free (in MiB).',
    valueType: 'int64',
    migScope: 'gpuAndInstance',
  },
  {
    name: 'DCGM_FI_DEV_FB_USED',
    fieldId: 252,
    type: 'gauge',
    help: 'Framebuffer memory used (in MiB).',
    valueType: 'int64',
    migScope: 'gpuAndInstance',
  },
  {
    name: 'DCGM_FI_DEV_FB_RESERVED',
    fieldId: 253,
    type: 'gauge',
    help: 'Framebuffer memory reserved (in MiB).',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',
    fieldId: 393,
    type: 'counter',
    help: 'Number of remapped rows for uncorrectable errors',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS',
    fieldId: 394,
    type: 'counter',
    help: 'Number of remapped rows for correctable errors',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_ROW_REMAP_FAILURE',
    fieldId: 395,
    type: 'gauge',
    help: 'Whether remapping of rows has failed',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL',
    fieldId: 449,
    type: 'counter',
    help: 'Total number of NVLink bandwidth counters for all lanes.',
    valueType: 'int64',
    migScope: 'gpu',
    nvlinkOnly: true,
  },
  {
    name: 'DCGM_FI_DEV_VGPU_LICENSE_STATUS',
    fieldId: 526,
    type: 'gauge',
    help: 'vGPU License status',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
    fieldId: 1001,
    type: 'gauge',
    help: 'Ratio of time the graphics engine is active.',
    valueType: 'double',
    migScope: 'gpuAndInstance',
  },
  {
    name: 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE',
    fieldId: 1004,
    type: 'gauge',
    help: 'Ratio of cycles the tensor (HMMA) pipe is active.',
    valueType: 'double',
    migScope: 'gpuAndInstance',
  },
  {
    name: 'DCGM_FI_PROF_DRAM_ACTIVE',
    fieldId: 1005,
    type: 'gauge',
    help: 'Ratio of cycles the device memory interface is active sending or receiving data.',
    valueType: 'double',
    migScope: 'gpuAndInstance',
  },
  {
    name: 'DCGM_FI_PROF_PCIE_TX_BYTES',
    fieldId: 1009,
    type: 'gauge',
    help: 'The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
    valueType: 'int64',
    migScope: 'gpu',
  },
  {
    name: 'DCGM_FI_PROF_PCIE_RX_BYTES',
    fieldId: 1010,
    type: 'gauge',
    help: 'The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
    valueType: 'int64',
    migScope: 'gpu',
  },
];
