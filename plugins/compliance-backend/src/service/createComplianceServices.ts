import {
  AuditorService,
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { ComplianceLevel } from '@ai-platform/plugin-compliance-common';
import { ComplianceStore } from '../database/types';
import { FactRetriever } from '../facts/types';
import { FrameworkRegistry } from '../frameworks/FrameworkRegistry';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { ComplianceAccess } from './ComplianceAccess';
import { ComplianceEvaluator } from './ComplianceEvaluator';
import { DefaultEvidenceService } from './DefaultEvidenceService';
import { DefaultHistoryService } from './DefaultHistoryService';
import { DefaultRollupService } from './DefaultRollupService';
import { DefaultScorecardService } from './DefaultScorecardService';
import { DefaultWaiverService } from './DefaultWaiverService';
import { CatalogSnapshot } from './evaluation/CatalogSnapshot';
import {
  DefaultEvaluationService,
  EvaluationLeaseOptions,
} from './evaluation/DefaultEvaluationService';
import { EntityBatchEvaluator } from './evaluation/EntityBatchEvaluator';
import { FactGatherer } from './evaluation/FactGatherer';
import { HistoryRecorder } from './evaluation/HistoryRecorder';
import { GroupRollups } from './GroupRollups';
import { StoredFactsScorer } from './StoredFactsScorer';
import { ComplianceServices } from './types';

/** What the compliance use cases are built from. */
export interface ComplianceServicesOptions {
  store: ComplianceStore;
  registry: FrameworkRegistry;
  retrievers: FactRetriever[];
  catalog: CatalogService;
  /** The organisation: groups, their parents and children, from the catalog. */
  groupTree: CatalogGroupTree;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  levels: ComplianceLevel[];
  /** Days of daily history kept. Default 365. */
  historyRetentionDays?: number;
  /** The longest a waiver may run. Default 365 days. */
  maxWaiverDays?: number;
  /** The clock; the wall clock by default. */
  now?: () => Date;
  /** Who runs evaluations here and how often it says it is alive; defaults for production. */
  lease?: EvaluationLeaseOptions;
}

/** Builds every compliance use case over one store, registry and organisation. */
export function createComplianceServices(
  options: ComplianceServicesOptions,
): ComplianceServices {
  const { store, registry, levels, logger, auth } = options;
  const now = options.now ?? (() => new Date());
  const evaluator = ComplianceEvaluator.create({
    registry,
    levels,
    retrievers: options.retrievers.map(r => r.id),
  });
  const access = ComplianceAccess.create(options);
  const audit = CallAuditor.create(options);
  const rollups = GroupRollups.create({ store, groupTree: options.groupTree });
  const scorer = StoredFactsScorer.create({ store, evaluator, now });
  return {
    evaluations: DefaultEvaluationService.create({
      store,
      registry,
      catalog: CatalogSnapshot.create({ catalog: options.catalog, auth }),
      batch: EntityBatchEvaluator.create({
        store,
        evaluator,
        facts: FactGatherer.create({ retrievers: options.retrievers, logger }),
      }),
      history: HistoryRecorder.create({
        store,
        rollups,
        retentionDays: options.historyRetentionDays ?? 365,
      }),
      access,
      audit,
      logger,
      now,
      lease: options.lease,
    }),
    scorecards: DefaultScorecardService.create({
      store,
      registry,
      scorer,
      access,
      levels,
    }),
    rollups: DefaultRollupService.create({
      store,
      rollups,
      registry,
      evaluator,
      access,
      levels,
    }),
    history: DefaultHistoryService.create({ store, access, now }),
    evidence: DefaultEvidenceService.create({
      store,
      registry,
      evaluator,
      access,
    }),
    waivers: DefaultWaiverService.create({
      store,
      registry,
      scorer,
      access,
      audit,
      auth,
      maxWaiverDays: options.maxWaiverDays ?? 365,
      now,
    }),
  };
}
