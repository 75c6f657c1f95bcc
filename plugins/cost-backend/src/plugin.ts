import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  aiPlatformOrganisationServiceRef,
  scheduleSuiteTask,
} from '@ai-platform/plugin-ai-platform-node';
import {
  costBudgetManagePermission,
  costFocusExportPermission,
  costIngestPermission,
  costReadPermission,
} from '@ai-platform/plugin-cost-common';
import { createGetCostsAction } from './actions/createGetCostsAction';
import { CatalogCostOrganisation } from './catalog/CatalogCostOrganisation';
import { readCostConfig } from './config/CostConfig';
import { openCostStores } from './database/openCostStores';
import { ParquetLineItemReader } from './database/ParquetLineItemReader';
import { LineItemFileCleanup } from './ingest/duckdb/LineItemFileCleanup';
import { BackendGpuUsageSource } from './gpu/GpuUsageSource';
import { GpuAllocationJob } from './gpu/GpuAllocationJob';
import { BackendServingUsageSource } from './serving/BackendServingUsageSource';
import { ServingChargebackJob } from './serving/ServingChargebackJob';
import { DuckDbFocusIngest } from './ingest/duckdb/DuckDbFocusIngest';
import { FocusIngester } from './ingest/FocusIngester';
import { FolderScanner } from './ingest/FolderScanner';
import { LineItemAllocator } from './ingest/LineItemAllocator';
import { costSubjectResourceRef } from './permissions/costSubjectResourceRef';
import { isAncestor, isTeamOrAncestor } from './permissions/rules';
import { BillingIngest } from './service/BillingIngest';
import { createCostServices } from './service/createCostServices';
import { createRouter } from './service/createRouter';

/**
 * Cost backend: FOCUS billing ingest, Kubernetes GPU cost from a rate card,
 * daily roll-ups and the cost API.
 *
 * @public
 */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
    env.registerInit({
      deps: {
        organisation: aiPlatformOrganisationServiceRef,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        organisation,
        logger,
        lifecycle,
        config,
        database,
        httpRouter,
        httpAuth,
        auth,
        discovery,
        permissions,
        permissionsRegistry,
        scheduler,
        auditor,
        catalog,
        notifications,
        actionsRegistry,
      }) {
        const cost = readCostConfig(config);
        const lineItemReader = ParquetLineItemReader.create({
          directory: cost.ingest.lineItemsDirectory,
          memoryLimitMiB: cost.ingest.duckdbMemoryLimitMiB,
          threads: 2,
        });
        lifecycle.addShutdownHook(() => lineItemReader.close());
        const stores = await openCostStores({
          database,
          lineItemFiles: { reader: lineItemReader, logger },
        });
        const costOrganisation = CatalogCostOrganisation.create({
          catalog,
          auth,
          groupTree: organisation.groupTree,
        });

        const servingSource = BackendServingUsageSource.create({
          discovery,
          auth,
        });
        const costs = createCostServices({
          stores,
          organisation: costOrganisation,
          servingSource,
          rateCard: cost.gpu.rateCard,
          permissions,
          auditor,
          auth,
          logger,
          notifications,
          currency: cost.currency,
        });

        permissionsRegistry.addPermissions([
          costIngestPermission,
          costFocusExportPermission,
        ]);
        permissionsRegistry.addResourceType({
          resourceRef: costSubjectResourceRef,
          permissions: [costReadPermission, costBudgetManagePermission],
          rules: [isTeamOrAncestor, isAncestor],
          getResources: refs => costs.subjects.forPermissions(refs),
        });

        const ingester = FocusIngester.create({
          stores,
          logger,
          allocator: async () =>
            LineItemAllocator.create({
              allocation: cost.allocation,
              owners: await costOrganisation.owners().catch(error => {
                logger.warn(
                  'Catalog owners unavailable; allocating by tags and sub-accounts only',
                  { error: String(error) },
                );
                return new Map<string, string>();
              }),
            }),
          maxErrorRatio: cost.ingest.maxErrorRatio,
          maxRecordBytes: cost.ingest.maxRecordBytes,
          maxGzipRatio: cost.ingest.maxGzipRatio,
          duckdb:
            cost.ingest.engine === 'duckdb'
              ? new DuckDbFocusIngest(
                  {
                    lineItemsDirectory: cost.ingest.lineItemsDirectory,
                    memoryLimitMiB: cost.ingest.duckdbMemoryLimitMiB,
                    threads: 2,
                  },
                  stores.billing,
                  logger,
                )
              : undefined,
        });
        const scanner = FolderScanner.create({
          folders: cost.ingest.folders,
          ingester,
          runs: stores.runs,
          logger,
        });
        const ingest = BillingIngest.create({
          ingester,
          scanner,
          runs: stores.runs,
          access: costs.access,
          auditor,
          auth,
          maxUploadBytes: cost.ingest.maxUploadBytes,
        });

        httpRouter.use(
          await createRouter({ services: { ...costs, ingest }, httpAuth }),
        );
        createGetCostsAction({ actionsRegistry, costs: costs.reports });

        if (cost.ingest.folders.length) {
          await scheduleSuiteTask({
            scheduler,
            logger,
            id: 'cost-billing-folder-scan',
            schedule: {
              frequency: cost.ingest.frequency,
              // A replica killed mid-scan holds the scheduler's lock until
              // this runs out; a longer scan is safe, as claims keep each
              // file to one reader.
              timeout: { minutes: 10 },
              initialDelay: { seconds: 10 },
            },
            failureMessage: 'Scanning billing folders failed',
            fn: async taskLogger => {
              const runs = await ingest.scanOnSchedule();
              if (runs.length) {
                taskLogger.info('Scanned billing folders', {
                  files: runs.length,
                  refused: runs.filter(r => r.status !== 'succeeded').length,
                });
              }
            },
          });
        }

        // Parquet files of crashed or replaced ingests, whatever the engine now.
        const lineItemFileCleanup = LineItemFileCleanup.create({
          directory: cost.ingest.lineItemsDirectory,
          files: stores.lineItemFiles,
          runs: stores.runs,
          logger,
        });
        await scheduleSuiteTask({
          scheduler,
          logger,
          id: 'cost-line-item-files-cleanup',
          schedule: {
            frequency: { hours: 1 },
            timeout: { minutes: 10 },
            initialDelay: { minutes: 1 },
          },
          failureMessage: 'Removing orphaned line-item files failed',
          fn: async () => {
            await lineItemFileCleanup.removeOrphans();
          },
        });

        if (cost.gpu.rateCard) {
          const job = GpuAllocationJob.create({
            store: stores.gpu,
            source: BackendGpuUsageSource.create({ discovery, auth }),
            rateCard: cost.gpu.rateCard,
            lookbackDays: cost.gpu.lookbackDays,
            logger,
          });
          await scheduleSuiteTask({
            scheduler,
            logger,
            id: 'cost-gpu-allocation',
            schedule: {
              frequency: cost.gpu.frequency,
              timeout: { minutes: 15 },
              initialDelay: { seconds: 30 },
            },
            failureMessage: 'Computing Kubernetes GPU cost failed',
            fn: async taskLogger => {
              const summary = await job.run();
              taskLogger.info('Computed Kubernetes GPU cost', { ...summary });
            },
          });
        }

        if (cost.gpu.rateCard) {
          const chargeback = ServingChargebackJob.create({
            store: stores.servingSplits,
            source: servingSource,
            rateCard: cost.gpu.rateCard,
            logger,
          });
          await scheduleSuiteTask({
            scheduler,
            logger,
            id: 'cost-serving-chargeback',
            schedule: {
              frequency: cost.serving.chargebackFrequency,
              timeout: { minutes: 15 },
              initialDelay: { seconds: 45 },
            },
            failureMessage: 'Computing inference chargeback failed',
            fn: async taskLogger => {
              const summary = await chargeback.run();
              if (
                summary.days.length ||
                summary.incomplete.length ||
                summary.failed.length
              ) {
                taskLogger.info('Computed inference chargeback', {
                  days: summary.days.length,
                  incomplete: summary.incomplete.join(', '),
                  failed: summary.failed.join(', '),
                  rows: summary.rows,
                });
              }
            },
          });
        }

        await scheduleSuiteTask({
          scheduler,
          logger,
          id: 'cost-budget-check',
          schedule: {
            frequency: cost.budgets.frequency,
            timeout: { minutes: 5 },
            initialDelay: { minutes: 1 },
          },
          failureMessage: 'Checking budgets failed',
          fn: async () => {
            await costs.budgetAlerts.checkBudgets();
          },
        });
      },
    });
  },
});
