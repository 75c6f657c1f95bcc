import { StartEstimateOptions } from '../api';
import { GpuResourceEstimate } from './gpuResourceEstimate';
import { GpuResourceValue } from './types';

/** What the start estimate is asked about; `undefined` until the choice is complete and the policy takes it. */
export function startEstimateQueryOf(options: {
  /** The team field's value, whatever the form holds there. */
  team: unknown;
  value: Partial<GpuResourceValue>;
  estimate: Pick<GpuResourceEstimate, 'acceptable'>;
  dataClassification?: string;
}): StartEstimateOptions | undefined {
  const { team, value, estimate, dataClassification } = options;
  const { cluster, gpuClass, migProfile, count, durationHours } = value;
  const whole = (n: number | undefined): n is number =>
    n !== undefined && Number.isInteger(n) && n > 0;
  if (typeof team !== 'string' || !team || !cluster || !gpuClass) {
    return undefined;
  }
  if (!whole(count) || !whole(durationHours) || !estimate.acceptable) {
    return undefined;
  }
  return {
    team,
    cluster,
    gpuClass,
    ...(migProfile ? { migProfile } : {}),
    count,
    durationHours,
    ...(dataClassification ? { dataClassification } : {}),
  };
}
