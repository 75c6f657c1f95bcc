import {
  CallAuditor,
  CatalogGroupTree,
  parseInput,
  TeamMembership,
} from '@ai-platform/plugin-ai-platform-node';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  checkRequestPolicy,
  gpuCapacityReadPermission,
  QUOTA_HOLDING_STATUSES,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { teamRefKey } from '../catalog/refKeys';
import { quotaKeyOf } from '../config/GpuProvisioningConfig';
import { GrantStore } from '../database/types';
import { QuotaRules, quotaLimitOf } from '../policy/quotaLimitOf';
import { ClusterSchedulers, schedulerProblems } from '../policy/schedulerRules';
import {
  describeStartEstimate,
  describeStartRange,
} from '../scheduling/describeStartEstimate';
import { heldShares } from '../scheduling/earlyRelease';
import { grantBookings, grantReleases } from '../scheduling/grantReleases';
import { estimateStart } from '../scheduling/startEstimate';
import { HISTORY_DAYS, startRange } from '../scheduling/startRange';
import {
  StartEstimateQuery,
  startEstimateQuerySchema,
} from '../scheduling/startEstimateQuery';
import { CapacityReader } from '../types';
import { RequestPermissions } from './RequestPermissions';
import { assertMayReadTeamQuota } from './TeamQuotaAccess';
import {
  GpuRequestCallContext,
  StartEstimateResponse,
  StartEstimateService,
} from './types';

const DAY_MS = 86_400_000;

interface Options {
  store: GrantStore;
  capacity: CapacityReader;
  rules: RequestPolicyRules;
  /** The clusters' schedulers: MIG requests are refused on KAI clusters. */
  schedulers?: ClusterSchedulers;
  quotas: QuotaRules;
  groupTree: CatalogGroupTree;
  membership: TeamMembership;
  permissions: RequestPermissions;
  audit: CallAuditor;
  now?: () => Date;
}

/**
 * "Will it start, and when?" before a request is made: the policy's
 * answer, the team's quota left, the cluster's free GPUs of the class, and
 * the earliest moment both have room as the portal's grants end.
 */
export class DefaultStartEstimateService implements StartEstimateService {
  static create(options: Options): DefaultStartEstimateService {
    return new DefaultStartEstimateService(options);
  }

  private constructor(private readonly options: Options) {}

  async estimate(
    context: GpuRequestCallContext & { query: unknown },
  ): Promise<StartEstimateResponse> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-start-estimate',
        severityLevel: 'low',
        successMeta: estimate => ({ outcome: estimate.outcome }),
      },
      () => this.answer(context),
    );
  }

  private async answer(
    context: GpuRequestCallContext & { query: unknown },
  ): Promise<StartEstimateResponse> {
    const { permissions, store, capacity, rules, quotas } = this.options;
    await permissions.authorizeBasic(
      context.credentials,
      gpuCapacityReadPermission,
      'read GPU capacity',
    );
    const query = parseInput(startEstimateQuerySchema, context.query, {
      unknownKey: 'field',
    });
    const asked = { ...query, team: teamRefKey(query.team) };
    await assertMayReadTeamQuota(this.options, context.credentials, asked.team);

    const [read, totals, usage, holders] = await Promise.all([
      capacity.read(),
      store.activeGrantTotals(),
      store.usage(asked.team),
      store.list({ statuses: [...QUOTA_HOLDING_STATUSES] }),
    ]);
    const decision = checkRequestPolicy(
      { ...asked, dataClassification: asked.dataClassification ?? 'public' },
      rules,
      {
        names: capacity.clusterNames(),
        capacity: {
          items: read.items,
          unreadable: read.errors.map(e => e.cluster),
        },
      },
    );
    const issues = decision.issues.filter(
      i => asked.dataClassification || i.rule !== 'data-classification',
    );
    const problems = [
      ...issues.map(i => `${i.field}: ${i.message}`),
      ...schedulerProblems(asked, this.options.schedulers),
    ];
    if (problems.length) throw new InputError(problems.join('; '));
    const freeNow = this.freeOn(asked, read, totals);
    const key = quotaKeyOf(asked);
    const limit = quotaLimitOf(quotas, asked.team, key);
    const now = this.options.now?.() ?? new Date();
    const input = {
      now,
      count: asked.count,
      durationHours: asked.durationHours,
      quota: { limit, used: usage[key] ?? 0 },
      freeNow,
      releases: grantReleases(holders, asked, now),
      bookings: grantBookings(holders, asked, now),
    };
    const estimate = estimateStart(input);
    const range =
      estimate.outcome === 'later'
        ? startRange(
            input,
            estimate.startsAt,
            heldShares(
              await store.endedSpans({
                gpuClass: asked.gpuClass,
                migProfile: asked.migProfile,
                since: new Date(now.getTime() - HISTORY_DAYS * DAY_MS),
              }),
            ),
          )
        : undefined;
    const reason = [
      describeStartEstimate(estimate, {
        now,
        count: asked.count,
        durationHours: asked.durationHours,
        units: unitsOf(asked),
        cluster: asked.cluster,
        quotaLimit: limit,
        requiresApproval: decision.requiresApproval,
      }),
      ...(range
        ? [
            describeStartRange(range, {
              now,
              units: unitsOf(asked),
              historyDays: HISTORY_DAYS,
            }),
          ]
        : []),
    ].join(' ');
    return {
      outcome: estimate.outcome,
      ...(estimate.outcome === 'later'
        ? {
            startsAt: estimate.startsAt.toISOString(),
            waitsFor: estimate.waitsFor,
          }
        : {}),
      ...(range
        ? {
            startsRange: {
              from: range.from.toISOString(),
              likely: range.likely.toISOString(),
              to: range.to.toISOString(),
              basedOn: range.basedOn,
            },
          }
        : {}),
      ...('binding' in estimate ? { binding: estimate.binding } : {}),
      quotaLimit: limit,
      quotaLeft: estimate.quotaLeft,
      freeNow,
      requiresApproval: decision.requiresApproval,
      reason,
    };
  }

  /** Free GPUs (or MIG instances) of the class on the cluster: total less what pods or grants hold. */
  private freeOn(
    asked: StartEstimateQuery,
    read: Awaited<ReturnType<CapacityReader['read']>>,
    totals: Awaited<ReturnType<GrantStore['activeGrantTotals']>>,
  ): number {
    if (read.errors.some(e => e.cluster === asked.cluster)) {
      throw new ServiceUnavailableError(
        `cluster ${asked.cluster} could not be read; try again shortly`,
      );
    }
    const same = (i: {
      cluster: string;
      gpuClass: string;
      migProfile?: string;
    }) =>
      i.cluster === asked.cluster &&
      i.gpuClass === asked.gpuClass &&
      (i.migProfile ?? '') === (asked.migProfile ?? '');
    const item = read.items.find(same);
    if (!item) return 0;
    const granted = totals.filter(same).reduce((sum, t) => sum + t.count, 0);
    return Math.max(0, item.total - Math.max(item.inUse, granted));
  }
}

/** What is counted, plural: "H100 GPUs", "H100 1g.10gb MIG instances". */
function unitsOf(asked: { gpuClass: string; migProfile?: string }): string {
  const name = asked.gpuClass.toUpperCase();
  return asked.migProfile
    ? `${name} ${asked.migProfile} MIG instances`
    : `${name} GPUs`;
}
