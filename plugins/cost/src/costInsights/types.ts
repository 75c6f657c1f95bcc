/*
 * The Cost Insights plugin's API contract, reproduced so that this package can
 * implement it without depending on the community packages (they are not
 * available to this repository). Copied from backstage/community-plugins,
 * Apache-2.0, Copyright 2020 The Backstage Authors:
 *
 * - workspaces/cost-insights/plugins/cost-insights-common (report.api.md):
 *   ChangeStatistic, Cost, DateAggregation, Entity, Group, Maybe, Metric,
 *   MetricData, Product, Project, Trendline;
 * - workspaces/cost-insights/plugins/cost-insights/src/types/Alert.ts: Alert,
 *   AlertForm, AlertFormProps, AlertOptions, AlertStatus;
 * - workspaces/cost-insights/plugins/cost-insights/src/types/Duration.ts:
 *   Duration;
 * - workspaces/cost-insights/plugins/cost-insights/src/api/CostInsightsApi.ts:
 *   ProductInsightsOptions, CostInsightsApi.
 *
 * The shapes are kept exactly so that an implementation of ours is assignable
 * to the community plugin's `CostInsightsApi`.
 */

import { ForwardRefExoticComponent, RefAttributes } from 'react';

/**
 * A value or `null`.
 *
 * @public
 */
export type Maybe<T> = T | null;

/**
 * A change between two periods: the difference and, where the earlier period
 * was not zero, the ratio of the difference to it.
 *
 * @public
 */
export interface ChangeStatistic {
  /** The later period minus the earlier one. */
  amount: number;
  /** `amount` divided by the earlier period; absent when that was zero. */
  ratio?: number;
}

/**
 * The amount of one day.
 *
 * @public
 */
export type DateAggregation = {
  /** The day, `YYYY-MM-DD`. */
  date: string;
  amount: number;
};

/**
 * A least-squares line through the daily amounts.
 *
 * @public
 */
export type Trendline = {
  slope: number;
  intercept: number;
};

/**
 * Daily cost of a group, project or catalog entity over repeating intervals.
 *
 * @public
 */
export interface Cost {
  /** What the cost is of: a group, project, product or entity. */
  id: string;
  /** The cost per day. */
  aggregation: DateAggregation[];
  /** The change between the intervals. */
  change?: ChangeStatistic;
  /** A line through the daily costs. */
  trendline?: Trendline;
  /** The same cost split by a dimension, such as `product` or `project`, by dimension name. */
  groupedCosts?: Record<string, Cost[]>;
}

/**
 * A product's cost in two periods, broken down into the entities that incurred
 * it.
 *
 * @public
 */
export interface Entity {
  /** The entity's id; `null` for costs not attributed to one. */
  id: Maybe<string>;
  /** The earlier period's total, then the later one's. */
  aggregation: [number, number];
  /** The change between the periods. */
  change: ChangeStatistic;
  /** The entities that incurred it, by type, such as `team` or `service`. */
  entities: Record<string, Entity[]>;
}

/**
 * A group a user belongs to.
 *
 * @public
 */
export type Group = {
  id: string;
  name?: string;
};

/**
 * A billing entity that belongs to a group (a project in GCP, an account in
 * AWS).
 *
 * @public
 */
export interface Project {
  /** The billing entity's id. */
  id: string;
  /** Its display name. */
  name?: string;
}

/**
 * A business metric from the `costInsights.metrics` configuration.
 *
 * @public
 */
export type Metric = {
  kind: string;
  name: string;
  default: boolean;
};

/**
 * Daily values of a business metric.
 *
 * @public
 */
export interface MetricData {
  /** The metric's kind. */
  id: string;
  /** How the values are shown. */
  format: 'number' | 'currency';
  /** The value per day. */
  aggregation: DateAggregation[];
  /** The change between the intervals. */
  change: ChangeStatistic;
}

/**
 * A cloud product from the `costInsights.products` configuration.
 *
 * @public
 */
export interface Product {
  /** The product's key in the configuration. */
  kind: string;
  /** Its display name. */
  name: string;
}

/**
 * What a user did with an alert.
 *
 * @public
 */
export enum AlertStatus {
  /** Hidden until a later date. */
  Snoozed = 'snoozed',
  /** Taken on. */
  Accepted = 'accepted',
  /** Set aside. */
  Dismissed = 'dismissed',
}

/**
 * The props of a custom alert form.
 *
 * @public
 */
export type AlertFormProps<A extends Alert, FormData = {}> = {
  alert: A;
  onSubmit: (data: FormData) => void;
  disableSubmit: (isDisabled: boolean) => void;
};

/**
 * A custom alert form, made with `React.forwardRef`.
 *
 * @public
 */
export type AlertForm<
  A extends Alert = any,
  Data = any,
> = ForwardRefExoticComponent<
  AlertFormProps<A, Data> & RefAttributes<HTMLFormElement>
>;

/**
 * What an alert hook receives.
 *
 * @public
 */
export interface AlertOptions<T = any> {
  /** What the alert's form submitted. */
  data: T;
  /** The group the alert is of. */
  group: string;
}

/**
 * An action item on the Cost Insights page.
 *
 * @public
 */
export type Alert = {
  title: string | JSX.Element;
  subtitle: string | JSX.Element;
  element?: JSX.Element;
  status?: AlertStatus;
  url?: string;
  buttonText?: string;
  SnoozeForm?: Maybe<AlertForm>;
  AcceptForm?: Maybe<AlertForm>;
  DismissForm?: Maybe<AlertForm>;
  onSnoozed?(options: AlertOptions): Promise<Alert[]>;
  onAccepted?(options: AlertOptions): Promise<Alert[]>;
  onDismissed?(options: AlertOptions): Promise<Alert[]>;
};

/**
 * Periods of cost comparison. `P30D` is the 30 days before the last complete
 * billing date; `P3M` is the last complete quarter.
 *
 * @public
 */
export enum Duration {
  /** The last 7 days. */
  P7D = 'P7D',
  /** The last 30 days. */
  P30D = 'P30D',
  /** The last 90 days. */
  P90D = 'P90D',
  /** The last complete quarter. */
  P3M = 'P3M',
  /** A range the user chose. */
  CUSTOM = 'CUSTOM',
}

/**
 * What `getProductInsights` is asked for.
 *
 * @public
 */
export type ProductInsightsOptions = {
  /** The product from the cost-insights configuration in app-config.yaml. */
  product: string;
  /** The group id from getUserGroups or query parameters. */
  group: string;
  /** An ISO 8601 repeating interval string, such as R2/P3M/2020-09-01. */
  intervals: string;
  /** The project id from getGroupProjects or query parameters, if any. */
  project: Maybe<string>;
};

/**
 * The Cost Insights plugin's API: what its pages ask of a cost source.
 *
 * @public
 */
export type CostInsightsApi = {
  /** The last day whose billing data is complete, `YYYY-MM-DD`. */
  getLastCompleteBillingDate(): Promise<string>;
  /** The groups a user belongs to. */
  getUserGroups(userId: string): Promise<Group[]>;
  /** The billing entities (projects, accounts) of a group. */
  getGroupProjects(group: string): Promise<Project[]>;
  /** Daily cost of a catalog entity over repeating intervals. */
  getCatalogEntityDailyCost?(
    catalogEntityRef: string,
    intervals: string,
  ): Promise<Cost>;
  /** Daily cost of a group over repeating intervals. */
  getGroupDailyCost(group: string, intervals: string): Promise<Cost>;
  /** Daily cost of a billing entity over repeating intervals. */
  getProjectDailyCost(project: string, intervals: string): Promise<Cost>;
  /** Daily values of a business metric over repeating intervals. */
  getDailyMetricData(metric: string, intervals: string): Promise<MetricData>;
  /** A product's cost in two periods, by the entities that incurred it. */
  getProductInsights(options: ProductInsightsOptions): Promise<Entity>;
  /** The action items of a group. */
  getAlerts(group: string): Promise<Alert[]>;
};
