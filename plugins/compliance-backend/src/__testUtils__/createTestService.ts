import {
  fleetKubernetesConfig,
  recordingAuditor,
} from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { DEFAULT_LEVELS } from '../config/ComplianceConfig';
import { DatabaseComplianceStore } from '../database/DatabaseComplianceStore';
import { CatalogFactRetriever } from '../facts/CatalogFactRetriever';
import { GrantFactRetriever, GrantSource } from '../facts/GrantFactRetriever';
import { KubernetesFactRetriever } from '../facts/KubernetesFactRetriever';
import { ModelFactRetriever } from '../facts/ModelFactRetriever';
import {
  BUILT_IN_DEFINITIONS_DIR,
  FrameworkRegistry,
  readDefinitionsDirectory,
} from '../frameworks/FrameworkRegistry';
import { ComplianceClusters } from '../kubernetes/ComplianceClusters';
import { createComplianceServices } from '../service/createComplianceServices';
import { EvaluationLeaseOptions } from '../service/evaluation/DefaultEvaluationService';

/** The demo's allowed registries, as app-config.yaml sets them. */
export const DEMO_ALLOWED_REGISTRIES = ['nvcr.io/', 'docker.io/vllm/'];

/** The compliance services over a real database, the simulated clusters and a catalog of entities. */
export async function createTestService(options: {
  knex: Knex;
  sim: ClusterSim;
  entities: Entity[];
  grants: GrantSource;
  now: () => Date;
  permissions?: ReturnType<typeof mockServices.permissions>;
  /** Who runs evaluations: one owner per simulated replica. */
  lease?: EvaluationLeaseOptions;
}) {
  const registry = FrameworkRegistry.fromSources(
    readDefinitionsDirectory(BUILT_IN_DEFINITIONS_DIR),
  );
  const store = await DatabaseComplianceStore.create({
    database: mockServices.database({ knex: options.knex }),
  });
  const { auditor, events } = recordingAuditor();
  const logger = mockServices.logger.mock();
  const catalog = catalogServiceMock({ entities: options.entities });
  const auth = mockServices.auth();
  const services = createComplianceServices({
    store,
    registry,
    retrievers: [
      CatalogFactRetriever.create(),
      KubernetesFactRetriever.create({
        clusters: ComplianceClusters.fromConfig(
          new ConfigReader({
            kubernetes: fleetKubernetesConfig(options.sim, {
              token: 'readOnly',
            }),
          }),
          {
            logger,
          },
        ),
        allowedRegistries: DEMO_ALLOWED_REGISTRIES,
      }),
      GrantFactRetriever.create({
        source: options.grants,
        restrictedClusters: ['gpu-prod'],
      }),
      ModelFactRetriever.create({ allowedLicenses: ['Apache-2.0', 'MIT'] }),
    ],
    catalog,
    // Not cached: a test that changes the catalog sees the change at once.
    groupTree: CatalogGroupTree.create({ catalog, auth, ttlMs: 0 }),
    auth,
    permissions: options.permissions ?? mockServices.permissions(),
    auditor,
    logger,
    levels: DEFAULT_LEVELS,
    now: options.now,
    lease: options.lease,
  });
  return { services, store, registry, events, logger };
}
