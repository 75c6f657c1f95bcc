import type { GpuClassMemory, GpuFit, ModelPrecision } from './types';

/**
 * Bytes per parameter at each precision.
 *
 * @public
 */
export const BYTES_PER_PARAMETER: Record<ModelPrecision, number> = {
  fp32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
  fp4: 0.5,
};

/**
 * Headroom on top of the weights for activations, the KV cache at a modest
 * context and the CUDA context: 20%, the usual rule of thumb for serving.
 *
 * @public
 */
export const SERVING_OVERHEAD = 1.2;

const GIB = 1024 ** 3;

/**
 * GPU memory, in GiB rounded up to one decimal, needed to serve a model of
 * `parameters` parameters at `precision`: weights times {@link SERVING_OVERHEAD}.
 *
 * @public
 */
export function gpuMemoryNeededGiB(
  parameters: number,
  precision: ModelPrecision,
): number {
  if (!Number.isFinite(parameters) || parameters <= 0) {
    throw new TypeError(
      `parameters must be a positive number, got ${parameters}`,
    );
  }
  const bytes = BYTES_PER_PARAMETER[precision];
  if (bytes === undefined) {
    throw new TypeError(`unknown precision ${precision}`);
  }
  return Math.ceil(((parameters * bytes * SERVING_OVERHEAD) / GIB) * 10) / 10;
}

/**
 * GPU memory needed at every precision, in GiB.
 *
 * @public
 */
export function gpuMemoryByPrecision(
  parameters: number,
): Record<ModelPrecision, number> {
  return Object.fromEntries(
    (Object.keys(BYTES_PER_PARAMETER) as ModelPrecision[]).map(p => [
      p,
      gpuMemoryNeededGiB(parameters, p),
    ]),
  ) as Record<ModelPrecision, number>;
}

/**
 * How many GPUs of each class hold a model needing `neededGiB`, one entry per
 * class in the order given.
 *
 * @public
 */
export function gpuFits(
  neededGiB: number,
  gpuClasses: GpuClassMemory[],
): GpuFit[] {
  return gpuClasses.map(gpuClass => {
    const perGpuGiB = gpuClass.memoryMiB / 1024;
    const gpusNeeded = Math.max(1, Math.ceil(neededGiB / perGpuGiB));
    return { gpuClass, gpusNeeded, fitsOnOne: gpusNeeded === 1 };
  });
}

/**
 * Ids of the GPU classes one GPU of which holds a model needing `neededGiB`
 * (or `maxGpus` GPUs, when given).
 *
 * @public
 */
export function fitsOnGpuClasses(
  neededGiB: number,
  gpuClasses: GpuClassMemory[],
  options?: { maxGpus?: number },
): string[] {
  const maxGpus = options?.maxGpus ?? 1;
  return gpuFits(neededGiB, gpuClasses)
    .filter(fit => fit.gpusNeeded <= maxGpus)
    .map(fit => fit.gpuClass.id);
}
