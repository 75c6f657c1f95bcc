import {
  AuditorService,
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CostOrganisation } from '../catalog/CostOrganisation';
import { RateCard } from '../config/rateCard';
import { ServingCostServiceImpl } from '../serving/ServingCostService';
import { ServingUsageSource } from '../serving/types';
import { unavailableServingSource } from '../serving/unavailableServingSource';
import { CostStores } from '../database/types';
import { BudgetAlerts } from './BudgetAlerts';
import { Budgets } from './Budgets';
import { CostAccess } from './CostAccess';
import { CostForecasts } from './CostForecasts';
import { CostGroups } from './CostGroups';
import { CostReports } from './CostReports';
import { CostSubjects } from './CostSubjects';
import { FocusExport } from './FocusExport';
import { IdleWaste } from './IdleWaste';
import { LineItems } from './LineItems';
import { MonthForecaster } from './MonthForecaster';
import { TopSpenders } from './TopSpenders';
import { BudgetAlertService, CostServices } from './types';

/** The cost services other than ingest, plus what the plugin wires elsewhere. */
export type CostQueryServices = Omit<CostServices, 'ingest'> & {
  budgetAlerts: BudgetAlertService;
  /** Subjects for the permission framework's conditional decisions. */
  subjects: CostSubjects;
  access: CostAccess;
};

/** Builds one service per use case over the stores and the organisation. */
export function createCostServices(options: {
  stores: CostStores;
  organisation: CostOrganisation;
  permissions: PermissionsService;
  auditor: AuditorService;
  auth: AuthService;
  logger: LoggerService;
  notifications?: NotificationService;
  /** The currency of an answer without data. */
  currency: string;
  /**
   * Serving figures of model servers (the gpu-metrics backend); without it
   * the serving routes answer 503.
   */
  servingSource?: ServingUsageSource;
  /** Prices GPU-hours; without it serving costs are zero with an error. */
  rateCard?: RateCard;
  now?: () => Date;
}): CostQueryServices {
  const { stores, organisation, currency } = options;
  const subjects = CostSubjects.create({ organisation });
  const access = CostAccess.create({
    permissions: options.permissions,
    subjects: refs => subjects.forPermissions(refs),
  });
  const forecaster = MonthForecaster.create({
    daily: stores.daily,
    currency,
    now: options.now,
  });
  const budgets = Budgets.create({
    budgets: stores.budgets,
    forecaster,
    subjects,
    access,
    auditor: options.auditor,
    auth: options.auth,
  });
  return {
    subjects,
    access,
    reports: CostReports.create({
      daily: stores.daily,
      organisation,
      subjects,
      access,
      currency,
    }),
    forecasts: CostForecasts.create({
      budgets: stores.budgets,
      forecaster,
      subjects,
      access,
    }),
    topSpenders: TopSpenders.create({
      daily: stores.daily,
      organisation,
      subjects,
      access,
      currency,
    }),
    idleWaste: IdleWaste.create({
      gpu: stores.gpu,
      subjects,
      access,
      currency,
    }),
    groups: CostGroups.create({ organisation, access }),
    budgets,
    budgetAlerts: BudgetAlerts.create({
      budgets: stores.budgets,
      statuses: budgets,
      forecaster,
      logger: options.logger,
      notifications: options.notifications,
    }),
    focusExport: FocusExport.create({
      gpu: stores.gpu,
      servingSplits: stores.servingSplits,
      access,
    }),
    lineItems: LineItems.create({
      lineItems: stores.lineItems,
      subjects,
      access,
    }),
    serving: ServingCostServiceImpl.create({
      source: options.servingSource ?? unavailableServingSource,
      rateCard: options.rateCard,
      currency,
      subjects,
      access,
      auditor: options.auditor,
      auth: options.auth,
      now: options.now,
    }),
  };
}
