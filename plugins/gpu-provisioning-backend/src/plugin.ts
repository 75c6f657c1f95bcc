import {
  aiPlatformClustersServiceRef,
  aiPlatformGpuClassesServiceRef,
  aiPlatformOrganisationServiceRef,
  scheduleSuiteTask,
} from '@ai-platform/plugin-ai-platform-node';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  gpuApproverPermission,
  gpuCapacityReadPermission,
  gpuRequestApprovePermission,
  gpuRequestCreatePermission,
  gpuRequestReadPermission,
  gpuRequestUpdatePermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  GpuProvisionerRegistration,
  gpuProvisionersExtensionPoint,
} from '@ai-platform/plugin-gpu-provisioning-node';
import { createGetCapacityAction } from './actions/createGetCapacityAction';
import { createGetStartEstimateAction } from './actions/createGetStartEstimateAction';
import { createListRequestsAction } from './actions/createListRequestsAction';
import { createRequestGpusAction } from './actions/createRequestGpusAction';
import { readGpuProvisioningConfig } from './config/GpuProvisioningConfig';
import { DatabaseGrantStore } from './database/DatabaseGrantStore';
import { createKubernetesGrantServices } from './kubernetes';
import { GrantReconciler } from './lifecycle/GrantReconciler';
import { GpuMetricsUsageSource } from './idle/GpuMetricsUsageSource';
import { IdlePolicy } from './idle/IdlePolicy';
import { ClusterQueueSync } from './kueue/ClusterQueueSync';
import { requestPolicyRules } from './policy/requestPolicyRules';
import { gpuRequestPermissionResourceRef } from './permissions/gpuRequestPermissionResourceRef';
import { isRequester, isTeam } from './permissions/rules';
import { routeGrantsByCluster } from './provisioners/routeGrantsByCluster';
import { catalogTeamInfo } from './service/catalogTeamInfo';
import { createRouter } from './service/createRouter';
import { createGpuRequestServices } from './service/createGpuRequestServices';
import { DefaultQueuePositionService } from './scheduling/DefaultQueuePositionService';
import { RequestPermissions } from './service/RequestPermissions';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';

/**
 * GPU provisioning backend: the REST API and actions for GPU requests, the
 * quota ledger, the Kubernetes provisioner and the lifecycle loop. Modules
 * take over the grants of some clusters through `gpuProvisionersExtensionPoint`.
 *
 * @public
 */
export const gpuProvisioningPlugin = createBackendPlugin({
  pluginId: 'gpu-provisioning',
  register(env) {
    const registrations: GpuProvisionerRegistration[] = [];
    env.registerExtensionPoint(gpuProvisionersExtensionPoint, {
      addProvisioner(registration) {
        registrations.push(registration);
      },
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        clusters: aiPlatformClustersServiceRef,
        gpuClasses: aiPlatformGpuClassesServiceRef,
        organisation: aiPlatformOrganisationServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        logger,
        clusters,
        gpuClasses,
        organisation,
        config,
        database,
        httpRouter,
        httpAuth,
        auth,
        discovery,
        userInfo,
        permissions,
        permissionsRegistry,
        scheduler,
        auditor,
        catalog,
        notifications,
        actionsRegistry,
        lifecycle,
      }) {
        const provisioning = readGpuProvisioningConfig(config, {
          gpuClasses,
        });
        const kubernetes = createKubernetesGrantServices({
          config,
          provisioning,
          logger,
          clusters,
          groupTree: organisation.groupTree,
        });
        const { capacity } = kubernetes;
        const provisioner = routeGrantsByCluster({
          builtIn: kubernetes.provisioner,
          registrations,
        });
        const store = await DatabaseGrantStore.create({ database });
        // Clusters a provisioner module claims are its own, Kueue or not.
        const claimed = new Set(registrations.flatMap(r => r.clusters));
        const builtInKueueClusters = kubernetes.kueueClusters.filter(
          name => !claimed.has(name),
        );
        const clusterQueueSync = ClusterQueueSync.create({
          store: kubernetes.clusterQueues,
          config: provisioning,
          groupTree: organisation.groupTree,
          kueueClusters: builtInKueueClusters,
          logger,
        });

        permissionsRegistry.addPermissions([
          gpuCapacityReadPermission,
          gpuRequestCreatePermission,
          gpuApproverPermission,
        ]);
        permissionsRegistry.addResourceType({
          resourceRef: gpuRequestPermissionResourceRef,
          permissions: [
            gpuRequestReadPermission,
            gpuRequestUpdatePermission,
            gpuRequestApprovePermission,
          ],
          rules: [isRequester, isTeam],
          getResources: ids => store.getMany(ids),
        });

        const idlePolicy = IdlePolicy.create({
          store,
          idleStore: store.idleGrants(),
          usage: GpuMetricsUsageSource.create({ discovery, auth }),
          config: provisioning.idlePolicy,
          rules: requestPolicyRules(provisioning),
          auditor,
          logger,
          notifications,
        });
        const reconciler = GrantReconciler.create({
          store,
          provisioner,
          config: provisioning,
          logger,
          auditor,
          notifications,
          teamInfo: catalogTeamInfo({ catalog, auth }),
          idlePolicy,
        });
        const services = createGpuRequestServices({
          organisation,
          store,
          capacity,
          lifecycle: reconciler,
          config: provisioning,
          catalog,
          auth,
          userInfo,
          permissions,
          permissionsRegistry,
          auditor,
          logger,
          notifications,
          idlePolicy,
          kueue: {
            clusterQueues: kubernetes.clusterQueues,
            kueueClusters: builtInKueueClusters,
          },
          schedulerQueues: kubernetes.teamQueues,
        });

        // Grants being applied as the backend stops are finished, not left
        // for the claim to run out.
        lifecycle.addShutdownHook(() => services.provisioning.idle());

        httpRouter.use(
          await createRouter({
            services,
            httpAuth,
            queuePositions: DefaultQueuePositionService.create({
              store,
              capacity,
              config: provisioning,
              objects: name => clusters.objects(name),
              permissions: RequestPermissions.create({
                auth,
                permissions,
                permissionsRegistry,
              }),
              audit: CallAuditor.create({ auditor, auth }),
            }),
            // Contract drift fails loudly in development and tests, not in production.
            validateResponses:
              config.getOptionalBoolean('gpuProvisioning.validateResponses') ??
              process.env.NODE_ENV !== 'production',
          }),
        );

        createGetCapacityAction({
          actionsRegistry,
          capacity: services.capacity,
        });
        createGetStartEstimateAction({
          actionsRegistry,
          startEstimates: services.startEstimates,
        });
        createRequestGpusAction({
          actionsRegistry,
          submissions: services.submissions,
        });
        createListRequestsAction({
          actionsRegistry,
          queries: services.queries,
        });

        if (clusterQueueSync.isConfigured()) {
          // Teams and quotas change in the catalog and config; the queues follow.
          await scheduleSuiteTask({
            scheduler,
            logger,
            id: 'gpu-provisioning-kueue-cohorts',
            schedule: {
              frequency: provisioning.lifecycleFrequency,
              timeout: { minutes: 1 },
            },
            failureMessage:
              'Applying the team ClusterQueues of Kueue cohorts failed',
            fn: async taskLogger => {
              const summary = await clusterQueueSync.syncOnce();
              taskLogger.debug('Applied team ClusterQueues', {
                applied: summary.applied,
                notOurs: summary.notOurs.length,
                removed: summary.removed.length,
                staleInUse: summary.staleInUse.length,
                errors: summary.errors.length,
              });
            },
          });
        }

        const { teamQueues } = kubernetes;
        if (teamQueues?.isConfigured()) {
          // The same for the sharing departments' queues on KAI and Volcano.
          await scheduleSuiteTask({
            scheduler,
            logger,
            id: 'gpu-provisioning-team-queues',
            schedule: {
              frequency: provisioning.lifecycleFrequency,
              timeout: { minutes: 1 },
            },
            failureMessage:
              'Applying the team queues of sharing departments failed',
            fn: async taskLogger => {
              const summary = await teamQueues.syncOnce();
              taskLogger.debug('Applied sharing team queues', {
                applied: summary.applied,
                notOurs: summary.notOurs.length,
                removed: summary.removed.length,
                staleInUse: summary.staleInUse.length,
                errors: summary.errors.length,
              });
            },
          });
        }

        await scheduleSuiteTask({
          scheduler,
          logger,
          id: 'gpu-provisioning-lifecycle',
          schedule: {
            frequency: provisioning.lifecycleFrequency,
            // A replica killed mid-pass holds the scheduler's lock until this
            // runs out, and grants wait; a longer pass is safe, as every
            // step is a compare and set.
            timeout: { minutes: 1 },
          },
          failureMessage: 'Reconciling GPU grants failed',
          fn: async taskLogger => {
            const summary = await reconciler.reconcileOnce();
            taskLogger.debug('Reconciled GPU grants', { ...summary });
          },
        });
      },
    });
  },
});
