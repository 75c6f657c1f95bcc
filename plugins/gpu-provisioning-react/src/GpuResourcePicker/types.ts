/**
 * What the GPU picker field returns: the cluster, the class (and MIG
 * profile), how many and for how long, as `gpu:request` takes them.
 *
 * @public
 */
export interface GpuResourceValue {
  /** The cluster's name, as in the `kubernetes` config. */
  cluster: string;
  /** The GPU class id. */
  gpuClass: string;
  /** A MIG profile of the class; whole GPUs when absent. */
  migProfile?: string;
  /** Number of GPUs, or of MIG instances. */
  count: number;
  /** How long the grant lasts, in hours. */
  durationHours: number;
}

/**
 * `ui:options` of the GPU picker field.
 *
 * @public
 */
export type GpuResourcePickerUiOptions = {
  /** The form field holding the team (a Group entity ref) whose quota is shown; `owner` by default. */
  teamField?: string;
  /** The form field holding the data classification checked against the cluster; `dataClassification` by default. */
  dataClassificationField?: string;
  /** Duration proposed before the user picks one, in hours; 24 by default. */
  defaultDurationHours?: number;
  /** What the GPUs are for (`training`, `inference`, ...), shown in the summary. */
  purpose?: string;
};
