import {
  CostGranularity,
  CostMetric,
  CostSplit,
  ServingWindow,
} from '@ai-platform/plugin-cost-common';

/**
 * What `GET /costs` (and its CSV export) is asked for.
 *
 * @public
 */
export interface CostReportRequest {
  /** A group (its own and its descendants' costs) or any other entity. */
  entityRef: string;
  /** First day, inclusive, `YYYY-MM-DD`. */
  from: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  to: string;
  /** Bucket size; `day` by default. */
  granularity?: CostGranularity;
  /** Split into a series per service, provider, GPU class, child team, ... */
  splitBy?: CostSplit;
  /** `billed` (the default) or `effective` cost. */
  metric?: CostMetric;
}

/**
 * What `GET /top-spenders` is asked for.
 *
 * @public
 */
export interface TopSpendersRequest {
  /** The group or entity whose spend is ranked. */
  entityRef: string;
  /** First day, inclusive, `YYYY-MM-DD`. */
  from: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  to: string;
  /** Rank teams (the default), entities or services. */
  by?: 'team' | 'entity' | 'service';
  /** How many; 10 by default, at most 100. */
  limit?: number;
  /** `billed` (the default) or `effective` cost. */
  metric?: CostMetric;
}

/**
 * What `GET /idle-waste` is asked for.
 *
 * @public
 */
export interface IdleWasteRequest {
  /** A group (its own and its descendants' GPUs) or any other entity. */
  entityRef: string;
  /** First day, inclusive, `YYYY-MM-DD`. */
  from: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  to: string;
}

/**
 * What `GET /inference-usage` is asked for: exactly one of `groupRef` (the
 * group and every group below it) and `entityRef` (one calling entity).
 *
 * @public
 */
export type InferenceUsageRequest = (
  | { groupRef: string; entityRef?: never }
  | { entityRef: string; groupRef?: never }
) & {
  /** The window, ending now; `24h` by default. */
  window?: ServingWindow;
};
