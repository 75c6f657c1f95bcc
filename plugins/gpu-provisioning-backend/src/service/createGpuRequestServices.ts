import {
  AuditorService,
  AuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AiPlatformOrganisation,
  CatalogGroupTree,
} from '@ai-platform/plugin-ai-platform-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { GpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import { GrantStore } from '../database/types';
import { requestPolicyRules } from '../policy/requestPolicyRules';
import { CapacityReader } from '../types';
import { Approvers } from './Approvers';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { CatalogTeamMembership } from '@ai-platform/plugin-ai-platform-node';
import { DefaultGpuCapacityService } from './DefaultGpuCapacityService';
import { DefaultGpuQuotaService } from './DefaultGpuQuotaService';
import { DefaultStartEstimateService } from './DefaultStartEstimateService';
import { DefaultQuotaSharingService } from './DefaultQuotaSharingService';
import { TeamQueueSync } from '../kubernetes/schedulers/TeamQueueSync';
import { ClusterQueueStore } from '../kueue/KubernetesClusterQueues';
import { DefaultCalendarService } from './DefaultCalendarService';
import { DefaultGpuRequestDecisionService } from './DefaultGpuRequestDecisionService';
import { DefaultGpuRequestQueryService } from './DefaultGpuRequestQueryService';
import { DefaultGpuRequestSubmissionService } from './DefaultGpuRequestSubmissionService';
import { ProvisioningQueue } from './ProvisioningQueue';
import { DefaultGrantChangeService } from './DefaultGrantChangeService';
import { DefaultIdleGrantService } from './DefaultIdleGrantService';
import { IdlePolicy } from '../idle/IdlePolicy';
import { RequestPermissions } from './RequestPermissions';
import { GpuRequestServices, GrantLifecycle } from './types';

/**
 * Builds the use-case services of GPU provisioning over one store, one
 * lifecycle and the plugin's core services, sharing the permission checks,
 * the team membership, the Group tree and the audit helper between them.
 */
export function createGpuRequestServices(options: {
  store: GrantStore;
  capacity: CapacityReader;
  lifecycle: GrantLifecycle;
  config: GpuProvisioningConfig;
  catalog: CatalogService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  /** Where the IS_REQUESTER and IS_TEAM rules are registered. */
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  logger: LoggerService;
  /** Tells requesters about approvals and rejections, when present. */
  notifications?: NotificationService;
  /** The suite's Group tree and team membership; read from the catalog by default. */
  organisation?: AiPlatformOrganisation;
  /** The idle-grant policy the loop runs, for the idle routes. */
  idlePolicy: IdlePolicy;
  /** The Kueue clusters and their ClusterQueues, for quota sharing; none by default. */
  kueue?: { clusterQueues: ClusterQueueStore; kueueClusters: string[] };
  /** The sharing departments' queues on KAI and Volcano clusters, for quota sharing; none by default. */
  schedulerQueues?: Pick<
    TeamQueueSync,
    'clusterNames' | 'listQueues' | 'teamQueueName'
  >;
}): GpuRequestServices & {
  /** Approved requests being applied behind their answers. */
  provisioning: Pick<ProvisioningQueue, 'idle'>;
} {
  const { store, capacity, lifecycle, config, catalog, logger } = options;
  const rules = requestPolicyRules(config);
  const permissions = RequestPermissions.create(options);
  const { groupTree, membership } = options.organisation ?? {
    groupTree: CatalogGroupTree.create({ catalog, auth: options.auth }),
    membership: CatalogTeamMembership.create(options),
  };
  const approvers = Approvers.create({
    approvers: config.approvers,
    membership,
  });
  const audit = CallAuditor.create(options);
  const provisioning = ProvisioningQueue.create({ lifecycle, logger });

  return {
    provisioning,
    submissions: DefaultGpuRequestSubmissionService.create({
      store,
      capacity,
      lifecycle,
      provisioning,
      rules,
      schedulers: config,
      quotas: config,
      catalog,
      groupTree,
      membership,
      permissions,
      audit,
      logger,
    }),
    queries: DefaultGpuRequestQueryService.create({
      store,
      membership,
      permissions,
    }),
    decisions: DefaultGpuRequestDecisionService.create({
      store,
      lifecycle,
      approvers,
      permissions,
      audit,
      logger,
      notifications: options.notifications,
    }),
    grants: DefaultGrantChangeService.create({
      store,
      capacity,
      lifecycle,
      rules,
      quotas: config,
      approvers,
      permissions,
      audit,
      logger,
    }),
    capacity: DefaultGpuCapacityService.create({
      store,
      capacity,
      gpuClasses: config.gpuClasses,
      rules,
      permissions,
      audit,
    }),
    quotas: DefaultGpuQuotaService.create({
      store,
      config,
      groupTree,
      membership,
      permissions,
    }),
    quotaSharing: DefaultQuotaSharingService.create({
      kueue: options.kueue,
      schedulerQueues: options.schedulerQueues,
      capacity,
      config,
      groupTree,
      membership,
      permissions,
      audit,
    }),
    startEstimates: DefaultStartEstimateService.create({
      store,
      capacity,
      rules,
      schedulers: config,
      quotas: config,
      groupTree,
      membership,
      permissions,
      audit,
    }),
    calendar: DefaultCalendarService.create({
      store,
      capacity,
      rules,
      quotas: config,
      membership,
      permissions,
      audit,
    }),
    idle: DefaultIdleGrantService.create({
      store,
      idleStore: store.idleGrants(),
      policy: options.idlePolicy,
      lifecycle,
      rules,
      permissions,
      audit,
      logger,
      notifications: options.notifications,
    }),
  };
}
