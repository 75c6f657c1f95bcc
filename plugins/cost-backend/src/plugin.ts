import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
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
import { BackendGpuUsageSource } from './gpu/GpuUsageSource';
import { GpuAllocationJob } from './gpu/GpuAllocationJob';
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
        logger: coreServices.logger,
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
        logger,
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
        const stores = await openCostStores({ database });
        const organisation = CatalogCostOrganisation.create({ catalog, auth });

        const costs = createCostServices({
          stores,
          organisation,
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
              owners: await organisation.owners().catch(error => {
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
          await scheduler.scheduleTask({
            id: 'cost-billing-folder-scan',
            frequency: cost.ingest.frequency,
            timeout: { hours: 2 },
            initialDelay: { seconds: 10 },
            fn: async () => {
              const taskLogger = logger.child({
                task: 'cost-billing-folder-scan',
              });
              try {
                const runs = await ingest.scanOnSchedule();
                if (runs.length) {
                  taskLogger.info('Scanned billing folders', {
                    files: runs.length,
                    refused: runs.filter(r => r.status !== 'succeeded').length,
                  });
                }
              } catch (error) {
                taskLogger.error('Scanning billing folders failed', {
                  error: String(error),
                });
              }
            },
          });
        }

        if (cost.gpu.rateCard) {
          const job = GpuAllocationJob.create({
            store: stores.gpu,
            source: BackendGpuUsageSource.create({ discovery, auth }),
            rateCard: cost.gpu.rateCard,
            lookbackDays: cost.gpu.lookbackDays,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'cost-gpu-allocation',
            frequency: cost.gpu.frequency,
            timeout: { minutes: 15 },
            initialDelay: { seconds: 30 },
            fn: async () => {
              const taskLogger = logger.child({ task: 'cost-gpu-allocation' });
              try {
                const summary = await job.run();
                taskLogger.info('Computed Kubernetes GPU cost', { ...summary });
              } catch (error) {
                taskLogger.error('Computing Kubernetes GPU cost failed', {
                  error: String(error),
                });
              }
            },
          });
        }

        await scheduler.scheduleTask({
          id: 'cost-budget-check',
          frequency: cost.budgets.frequency,
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const taskLogger = logger.child({ task: 'cost-budget-check' });
            try {
              await costs.budgetAlerts.checkBudgets();
            } catch (error) {
              taskLogger.error('Checking budgets failed', {
                error: String(error),
              });
            }
          },
        });
      },
    });
  },
});
