import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  aiPlatformClustersServiceRef,
  aiPlatformOrganisationServiceRef,
  scheduleSuiteTask,
} from '@ai-platform/plugin-ai-platform-node';
import { compliancePermissions } from '@ai-platform/plugin-compliance-common';
import {
  ComplianceDefinitionSource,
  complianceDefinitionsExtensionPoint,
  complianceFactRetrieversExtensionPoint,
} from '@ai-platform/plugin-compliance-node';
import { createGetComplianceStatusAction } from './actions/createGetComplianceStatusAction';
import { createGetFailingChecksAction } from './actions/createGetFailingChecksAction';
import { readComplianceConfig } from './config/ComplianceConfig';
import { DatabaseComplianceStore } from './database/DatabaseComplianceStore';
import { CatalogFactRetriever } from './facts/CatalogFactRetriever';
import { GpuProvisioningGrantSource } from './facts/GpuProvisioningGrantSource';
import { GrantFactRetriever } from './facts/GrantFactRetriever';
import {
  CLUSTER_READ_REUSE_MS,
  KubernetesFactRetriever,
} from './facts/KubernetesFactRetriever';
import { ModelFactRetriever } from './facts/ModelFactRetriever';
import { FactRetriever } from './facts/types';
import {
  FrameworkRegistry,
  readDefinitionsDirectory,
} from './frameworks/FrameworkRegistry';
import { assertFactsHaveRetrievers } from './frameworks/assertFactsHaveRetrievers';
import { ComplianceClusters } from './kubernetes/ComplianceClusters';
import { createRouter } from './router';
import { createComplianceServices } from './service/createComplianceServices';
import { EvaluationInProgressError } from './service/evaluation/DefaultEvaluationService';
import { RunSummary } from './service/types';

/** A scheduled run finds another under way (on any replica): that one covers it. */
async function unlessRunning(
  run: () => Promise<RunSummary>,
  logger: { debug(message: string, meta?: object): void },
): Promise<void> {
  try {
    const summary = await run();
    logger.debug('Compliance run done', { ...summary });
  } catch (error) {
    if (!(error instanceof EvaluationInProgressError)) throw error;
    logger.debug('Compliance run skipped', { reason: error.message });
  }
}

/** Facts are keyed by retriever id, so two retrievers with one id would hide each other's facts. */
function assertUniqueRetrieverIds(retrievers: FactRetriever[]) {
  const seen = new Set<string>();
  for (const { id } of retrievers) {
    if (seen.has(id))
      throw new Error(
        `Compliance fact retriever id '${id}' is used by more than one retriever`,
      );
    seen.add(id);
  }
}

/**
 * Compliance backend: SOC 2, HIPAA and ISO/IEC 27001 controls checked over
 * the catalog, the clusters, GPU grants and models, with scores, history,
 * waivers and evidence export.
 *
 * @public
 */
export const compliancePlugin = createBackendPlugin({
  pluginId: 'compliance',
  register(env) {
    const addedRetrievers: FactRetriever[] = [];
    env.registerExtensionPoint(complianceFactRetrieversExtensionPoint, {
      addFactRetriever(...retrievers) {
        addedRetrievers.push(...retrievers);
      },
    });
    // Directories are read at init, so a module's bad file fails startup with its path.
    const addedDefinitions: Array<
      ComplianceDefinitionSource | { directory: string }
    > = [];
    env.registerExtensionPoint(complianceDefinitionsExtensionPoint, {
      addDefinitions(...sources) {
        addedDefinitions.push(...sources);
      },
      addDefinitionsDirectory(directory) {
        addedDefinitions.push({ directory });
      },
    });

    env.registerInit({
      deps: {
        organisation: aiPlatformOrganisationServiceRef,
        logger: coreServices.logger,
        clusters: aiPlatformClustersServiceRef,
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
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        organisation,
        logger,
        clusters,
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
        actionsRegistry,
      }) {
        const settings = readComplianceConfig(config);
        const registry = FrameworkRegistry.fromSources([
          ...settings.definitionSources,
          ...addedDefinitions.flatMap(added =>
            'directory' in added
              ? readDefinitionsDirectory(added.directory)
              : [added],
          ),
        ]);
        const store = await DatabaseComplianceStore.create({ database });
        permissionsRegistry.addPermissions(compliancePermissions);

        const retrievers: FactRetriever[] = [
          CatalogFactRetriever.create(),
          KubernetesFactRetriever.create({
            clusters: ComplianceClusters.fromConfig(config, {
              logger,
              clusters,
            }),
            allowedRegistries: settings.allowedRegistries,
            snapshotMaxAgeMs: CLUSTER_READ_REUSE_MS,
            onClusterRead: async (cluster, error) => {
              const event = await auditor.createEvent({
                eventId: 'cluster-read',
                severityLevel: 'low',
                meta: { cluster },
              });
              if (error) await event.fail({ error });
              else await event.success();
            },
          }),
          ModelFactRetriever.create({
            allowedLicenses: settings.allowedLicenses,
          }),
        ];
        if (settings.grantsEnabled) {
          retrievers.push(
            GrantFactRetriever.create({
              source: GpuProvisioningGrantSource.create({
                discovery,
                auth,
                logger,
              }),
              restrictedClusters: settings.restrictedClusters,
            }),
          );
        }
        retrievers.push(...addedRetrievers);
        assertUniqueRetrieverIds(retrievers);
        assertFactsHaveRetrievers(
          registry.checks(),
          retrievers.map(r => r.id),
        );
        const services = createComplianceServices({
          store,
          registry,
          retrievers,
          catalog,
          groupTree: organisation.groupTree,
          auth,
          permissions,
          auditor,
          logger,
          levels: settings.levels,
          historyRetentionDays: settings.historyRetentionDays,
          maxWaiverDays: settings.maxWaiverDays,
        });

        httpRouter.use(await createRouter({ services, httpAuth }));
        const { scorecards, evaluations } = services;
        createGetComplianceStatusAction({ actionsRegistry, scorecards });
        createGetFailingChecksAction({ actionsRegistry, scorecards });

        await scheduleSuiteTask({
          scheduler,
          logger,
          id: 'compliance-full-evaluation',
          schedule: {
            frequency: settings.fullFrequency,
            // A replica killed mid-run holds the scheduler's lock until this
            // runs out; a longer run is safe, as runs are one at a time.
            timeout: { minutes: 10 },
            initialDelay: { seconds: 20 },
          },
          failureMessage: 'Compliance run failed',
          fn: taskLogger =>
            unlessRunning(() => evaluations.runFull(), taskLogger),
        });
        await scheduleSuiteTask({
          scheduler,
          logger,
          id: 'compliance-incremental-evaluation',
          schedule: {
            frequency: settings.incrementalFrequency,
            timeout: { minutes: 10 },
            initialDelay: { minutes: 1 },
          },
          failureMessage: 'Compliance run failed',
          fn: taskLogger =>
            unlessRunning(() => evaluations.runIncremental(), taskLogger),
        });
      },
    });
  },
});
