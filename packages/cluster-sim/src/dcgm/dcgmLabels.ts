import { GpuDevice, GpuHolder } from '../topology/types';
import { DcgmCounter } from './counters';
import { LabelPairs, compareNames } from './formatLabels';

/** The dcgm-exporter pod of a node, as the GPU Operator names it. */
export interface ExporterPod {
  namespace: string;
  pod: string;
  container: string;
}

/** What labels a series besides the device itself. */
export interface DcgmLabelOptions {
  hostname: string;
  /** `DCGM_FI_DRIVER_VERSION` label value. */
  driverVersion: string;
  /**
   * Label devices no pod holds with this pod, as Prometheus stores them after
   * the GPU Operator's ServiceMonitor adds its target labels. The exporter
   * itself prints no pod labels for them.
   */
  exporterPod?: ExporterPod;
}

/** The driver of the reference scrapes (dcgm-exporter 4.x, GPU Operator). */
export const DEFAULT_DRIVER_VERSION = '580.105.08';

/**
 * The labels of one dcgm-exporter 4.x sample, in the exporter's order: the
 * fixed device labels, MIG ids, `Hostname`, then its label-type fields
 * (`DCGM_FI_DRIVER_VERSION`) and its attributes (pod attribution, XID
 * details), each group sorted by name as Go's template prints maps.
 */
export function dcgmLabels(
  device: GpuDevice,
  holder: GpuHolder | undefined,
  counter: DcgmCounter,
  options: DcgmLabelOptions,
): LabelPairs {
  const labels: Array<[string, string]> = [
    ['gpu', String(device.index)],
    ['UUID', device.uuid],
    ['pci_bus_id', device.pciBusId],
    ['device', device.device],
    ['modelName', device.product.modelName],
  ];
  if (device.mig) {
    labels.push(['GPU_I_PROFILE', device.mig.profile]);
    labels.push(['GPU_I_ID', String(device.mig.instanceId)]);
  }
  labels.push(['Hostname', options.hostname]);
  labels.push(['DCGM_FI_DRIVER_VERSION', options.driverVersion]);

  const attributes: Array<[string, string]> = [];
  if (holder) {
    attributes.push(
      ['container', holder.container],
      ['namespace', holder.namespace],
      ['pod', holder.pod],
      // The exporter prints pod_uid even when it could not resolve it.
      ['pod_uid', ''],
    );
  } else if (options.exporterPod) {
    attributes.push(
      ['container', options.exporterPod.container],
      ['namespace', options.exporterPod.namespace],
      ['pod', options.exporterPod.pod],
    );
  }
  if (counter.name === 'DCGM_FI_DEV_XID_ERRORS') {
    attributes.push(['err_code', '0'], ['err_msg', 'No Error']);
  }
  attributes.sort(([a], [b]) => compareNames(a, b));
  return [...labels, ...attributes];
}
