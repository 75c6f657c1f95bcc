// The test runs the real GPU provisioning plugin beside the scaffolder, as the
// portal does; the module itself only calls it over HTTP.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import gpuProvisioningPlugin from '@ai-platform/plugin-gpu-provisioning-backend';
import {
  actorAuthServiceFactory,
  FleetCluster,
  fleetKubernetesConfig,
  suitePermissions,
  waitFor,
} from '@ai-platform/test-utils';
import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { JsonObject } from '@backstage/types';
import path from 'node:path';
import request from 'supertest';
import { scaffolderModuleAiPlatform } from '../../module';
import { templatesDir } from '../../templates/__testUtils__/fixturesDir';

/** The portal's address in the approval links. */
export const APP_BASE_URL = 'http://localhost:3000';

/** GPU provisioning's settings: 2 H100 for 48h (96 GPU-hours) need an approver. */
export const GPU_PROVISIONING_CONFIG = {
  gpuClasses: [
    {
      id: 'h100',
      displayName: 'NVIDIA H100 80GB',
      productLabel: 'NVIDIA-H100-80GB-HBM3',
      memoryMiB: 81559,
      hourlyRate: 4.5,
    },
  ],
  policy: {
    maxDurationHours: 720,
    approvalThresholdGpuHours: 50,
    defaultQuota: { h100: 8 },
    clusterDataClassifications: {
      'gpu-prod': ['public', 'internal', 'confidential', 'restricted'],
    },
  },
  approvers: ['group:default/platform-engineering'],
};

/** Who is in which team, as the users' tokens claim it. */
export const MEMBERSHIPS = {
  'user:default/guest': [
    'group:default/conversational-ai',
    'group:default/ml-platform',
  ],
  'user:default/approver': ['group:default/platform-engineering'],
};

/** What {@link startApprovalPortal} runs on; plain data, so a child process can get it too. */
export type ApprovalPortalOptions = {
  /** `backend.database`. */
  database: JsonObject;
  /** The simulated fleet (a `ClusterSim` fits); only `gpu-prod` is used. */
  fleet: { clusters: FleetCluster[] };
  gitRoot: string;
  entitiesFile: string;
  /** A folder of further `<name>/template.yaml`. */
  extraTemplates?: string;
  /** The scaffolder's workspaces (`backend.workingDirectory`); the OS temp folder by default. */
  workingDirectory?: string;
};

/**
 * The scaffolder, catalog and GPU provisioning in one backend, as the
 * portal runs them: the suite's templates (and those in `extraTemplates`),
 * local git publishing, the simulated fleet's `gpu-prod`, and task recovery
 * with a short stale timeout. GPU provisioning decides with the portal's
 * real permission policy (approvers are members of platform-engineering);
 * the scaffolder and catalog allow everything, as with permissions off.
 */
export async function startApprovalPortal(options: ApprovalPortalOptions) {
  const templateFolders = [templatesDir(), options.extraTemplates].filter(
    (folder): folder is string => Boolean(folder),
  );
  const config = {
    app: { baseUrl: APP_BASE_URL },
    backend: {
      baseUrl: 'http://localhost:7007',
      database: options.database,
      ...(options.workingDirectory
        ? { workingDirectory: options.workingDirectory }
        : {}),
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'API',
            'Resource',
            'System',
            'Group',
            'User',
            'Location',
            'Template',
          ],
        },
      ],
      locations: [
        { type: 'file', target: options.entitiesFile },
        ...templateFolders.map(folder => ({
          type: 'file',
          target: path.join(folder, '*', 'template.yaml'),
        })),
        {
          type: 'file',
          target: path.join(options.gitRoot, '*', 'catalog-info.yaml'),
        },
      ],
    },
    scaffolder: {
      // Short, so a crashed backend's task is recovered within the test;
      // well above the 1 s heartbeat, so a busy machine's late heartbeat
      // never makes a live task look stale (SQLite keeps whole seconds).
      taskRecovery: { enabled: true, staleTimeout: { seconds: 5 } },
    },
    aiPlatform: {
      scaffolder: {
        localGitRoot: options.gitRoot,
        gpuApproval: {
          firstPollInterval: { milliseconds: 200 },
          maxPollInterval: { seconds: 1 },
        },
      },
    },
    kubernetes: fleetKubernetesConfig(options.fleet, {
      clusters: ['gpu-prod'],
    }),
    gpuProvisioning: GPU_PROVISIONING_CONFIG,
  };
  const gpuPolicy = await suitePermissions({
    config,
    memberships: MEMBERSHIPS,
  });
  const allowAll: PermissionsService = {
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  };
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleTemplateKind,
      scaffolderPlugin,
      scaffolderModuleAiPlatform,
      gpuProvisioningPlugin,
      actionsRegistryServiceFactory,
      mockServices.rootConfig.factory({ data: config }),
      // gpu:request's requests record the scaffolder as their maker, as with
      // the real auth service, so the wait can withdraw them as itself.
      actorAuthServiceFactory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.user('user:default/guest'),
      }),
      // The real database service on the given settings (the test default
      // would be an in-memory SQLite).
      databaseServiceFactory,
      createServiceFactory({
        service: coreServices.permissions,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) =>
          plugin.getId() === 'gpu-provisioning' ? gpuPolicy : allowAll,
      }),
    ],
  });
  const { server } = backend;
  await waitFor(async () => {
    for (const ref of [
      'template/default/gpu-training-job',
      'group/default/conversational-ai',
    ]) {
      const res = await request(server).get(
        `/api/catalog/entities/by-name/${ref}`,
      );
      if (res.status !== 200) return undefined;
    }
    return true;
  }, 60_000);
  return {
    server,
    stop: () => backend.stop(),
  };
}
