export { dcgmCounters } from './counters';
export type { DcgmCounter, MigScope } from './counters';
export { parseCounterCsv } from './parseCounterCsv';
export type { CounterCsvEntry } from './parseCounterCsv';
export { renderDcgmMetrics } from './renderDcgmMetrics';
export type { RenderDcgmMetricsOptions } from './renderDcgmMetrics';
export { writeOpenMetricsHistory } from './writeOpenMetricsHistory';
export type {
  HistoryStats,
  WriteOpenMetricsHistoryOptions,
} from './writeOpenMetricsHistory';
export { defaultExporterPod } from './defaultExporterPod';
export type { ExporterPod } from './dcgmLabels';
export { DEFAULT_DRIVER_VERSION } from './dcgmLabels';
export { gpuModels, DEFAULT_BOOT_TIME } from './gpuModels';
export type {
  GpuModel,
  GpuModelOptions,
  SeriesSource,
  ValueFn,
} from './gpuModels';
export { loadCurve } from './loadCurve';
export type { LoadCurve } from './loadCurve';
export { profiles } from './profiles';
export type { Activity, ProfileSpec } from './profiles';
export { historyWindows } from './historyWindows';
export type { TimeWindow } from './historyWindows';
