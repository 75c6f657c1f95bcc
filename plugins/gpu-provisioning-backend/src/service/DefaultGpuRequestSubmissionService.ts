import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogGroupTree,
  ownersOf,
  parseInput,
} from '@ai-platform/plugin-ai-platform-node';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GpuRequest,
  gpuRequestCreatePermission,
  gpuRequestInputSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { quotaKeyOf } from '../config/GpuProvisioningConfig';
import { inputRefKey, teamRefKey } from '../catalog/refKeys';
import { GrantStore } from '../database/types';
import { QuotaRules, quotaLimitOf } from '../policy/quotaLimitOf';
import {
  checkRequestPolicy,
  RequestPolicyRules,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { CapacityReader } from '../types';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { TeamMembership } from '@ai-platform/plugin-ai-platform-node';
import { ClusterSchedulers, schedulerProblems } from '../policy/schedulerRules';
import { parseStartAt } from '../scheduling/parseStartAt';
import { estimateCost } from './estimateCost';
import { provisionNow } from './provisionNow';
import { ProvisioningQueue } from './ProvisioningQueue';
import { RequestPermissions } from './RequestPermissions';
import {
  GpuRequestCallContext,
  GpuRequestSubmissionService,
  GrantLifecycle,
} from './types';

/** The fields a replayed idempotency key must repeat. */
const REPLAYED_FIELDS = [
  'team',
  'entityRef',
  'cluster',
  'gpuClass',
  'migProfile',
  'count',
  'durationHours',
  'purpose',
  'dataClassification',
  'justification',
  'startAt',
] as const;

interface Options {
  store: GrantStore;
  capacity: CapacityReader;
  lifecycle: GrantLifecycle;
  /** Where `respondAsync` requests are provisioned, behind their answers. */
  provisioning: Pick<ProvisioningQueue, 'enqueue' | 'answer'>;
  rules: RequestPolicyRules;
  /** The clusters' schedulers: MIG grants are refused on KAI clusters. */
  schedulers?: ClusterSchedulers;
  quotas: QuotaRules;
  catalog: CatalogService;
  groupTree: CatalogGroupTree;
  membership: TeamMembership;
  permissions: RequestPermissions;
  audit: CallAuditor;
  logger: LoggerService;
  /** The clock, for tests. */
  now?: () => Date;
}

/**
 * Submitting a GPU request: the caller must be a member of the team, the
 * request must pass the policy, its entity must belong to the team, and the
 * team's quota must have room. A request under the approval threshold is
 * provisioned at once: before the answer, or right behind it when the caller
 * prefers to poll ({@link ProvisioningQueue}). With `startAt` it books a
 * window instead: the quota and the cluster's capacity must have room at
 * every instant of it, and the lifecycle loop provisions it at its start.
 */
export class DefaultGpuRequestSubmissionService
  implements GpuRequestSubmissionService
{
  static create(options: Options): DefaultGpuRequestSubmissionService {
    return new DefaultGpuRequestSubmissionService(options);
  }

  private constructor(private readonly options: Options) {}

  async create(
    context: GpuRequestCallContext & {
      input: unknown;
      idempotencyKey?: string;
      respondAsync?: boolean;
    },
  ): Promise<{ request: GpuRequest; created: boolean }> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-request-create',
        severityLevel: 'medium',
        meta: context.idempotencyKey
          ? { idempotencyKey: context.idempotencyKey }
          : {},
        successMeta: ({ request, created }) => ({
          requestId: request.id,
          team: request.team,
          cluster: request.cluster,
          gpuClass: request.gpuClass,
          ...(request.migProfile ? { migProfile: request.migProfile } : {}),
          count: request.count,
          durationHours: request.durationHours,
          status: request.status,
          replay: !created,
        }),
      },
      // Grants queued meanwhile wait for this answer (ProvisioningQueue).
      () => this.options.provisioning.answer(() => this.submit(context)),
    );
  }

  private async submit(
    context: GpuRequestCallContext & {
      input: unknown;
      idempotencyKey?: string;
      respondAsync?: boolean;
    },
  ): Promise<{ request: GpuRequest; created: boolean }> {
    const { store, catalog, permissions, logger } = this.options;
    const credentials = permissions.requireUser(
      context.credentials,
      'request GPUs',
    );
    await permissions.authorizeBasic(
      credentials,
      gpuRequestCreatePermission,
      'request GPUs',
    );
    // `startAt` is checked against the clock here, not by the shared schema.
    const { startAt: rawStartAt, ...fields } = isRecord(context.input)
      ? context.input
      : { startAt: undefined };
    const parsed = parseInput(
      gpuRequestInputSchema,
      isRecord(context.input) ? fields : context.input,
      { unknownKey: 'field' },
    );
    const startAt = parseStartAt(
      rawStartAt,
      this.options.now?.() ?? new Date(),
    );
    // Entity refs are case-insensitive; requests store them as comparison keys.
    const input = {
      ...parsed,
      team: teamRefKey(parsed.team),
      ...(parsed.entityRef
        ? { entityRef: inputRefKey(parsed.entityRef, 'entityRef') }
        : {}),
    };
    const userRef = credentials.principal.userEntityRef;

    const teams = await this.options.membership.teamsOf(credentials);
    if (!teams.includes(input.team)) {
      throw new NotAllowedError(
        `${userRef} is not a member of ${input.team}; only members of a team can request GPUs for it`,
      );
    }
    const { decision, capacityTotal } = await this.checkPolicy(
      input,
      startAt !== undefined,
    );
    if (input.entityRef) {
      const entity = await catalog.getEntityByRef(input.entityRef, {
        credentials,
      });
      if (!entity) {
        throw new InputError(
          `entityRef: ${input.entityRef} is not in the catalog`,
        );
      }
      // Before anything is written: the cost and findings of the grant land on this entity.
      await this.assertOwnedByTeam(entity, input.entityRef, input.team);
    }

    const quotaKey = quotaKeyOf(input);
    const { request, created } = await store.create({
      request: {
        ...input,
        requestedBy: userRef,
        // The service acting for the user (an on-behalf-of token), if any.
        ...(credentials.principal.actor
          ? { requestedVia: credentials.principal.actor.subject }
          : {}),
        status: decision.requiresApproval ? 'pending-approval' : 'approved',
        gpuHours: decision.gpuHours,
        estimatedCost: estimateCost({
          count: input.count,
          hours: input.durationHours,
          hourlyRate: decision.hourlyRate,
        }),
        requiresApproval: decision.requiresApproval,
        ...(startAt ? { startAt } : {}),
      },
      quotaLimit: quotaLimitOf(this.options.quotas, input.team, quotaKey),
      capacity: capacityTotal,
      idempotencyKey: context.idempotencyKey,
    });

    if (!created) {
      assertSameRequest(
        request,
        { ...input, startAt },
        context.idempotencyKey!,
      );
      return { request, created };
    }
    // Debug: the gpu-request-create audit event says the same at info.
    logger.debug('Recorded GPU request', {
      requestId: request.id,
      team: request.team,
      cluster: request.cluster,
      quotaKey,
      count: request.count,
      status: request.status,
      ...(startAt ? { startAt } : {}),
    });
    // A reservation is provisioned by the lifecycle loop at its start.
    if (request.status === 'approved' && !startAt) {
      if (context.respondAsync) {
        // The answer does not wait for the cluster; the caller polls.
        this.options.provisioning.enqueue(request);
        return { request, created };
      }
      return { request: await provisionNow(request, this.options), created };
    }
    return { request, created };
  }

  /**
   * The policy's decision; every violation is named in one `InputError`.
   * Also the cluster's allocatable GPUs of the class (or MIG profile), which
   * a reservation's window must fit, and an immediate request too while the
   * class is booked on the cluster.
   */
  private async checkPolicy(
    input: Parameters<typeof checkRequestPolicy>[0],
    reservation: boolean,
  ) {
    const { capacity, rules } = this.options;
    const names = capacity.clusterNames();
    // Capacity is read only when it can change the answer: a known class on a known cluster.
    const needsCapacity =
      names.includes(input.cluster) &&
      rules.gpuClasses.some(c => c.id === input.gpuClass);
    const read = needsCapacity ? await capacity.read() : undefined;
    const decision = checkRequestPolicy(input, rules, {
      names,
      capacity: read && {
        items: read.items,
        unreadable: read.errors.map(e => e.cluster),
      },
    });
    decision.problems.push(
      ...schedulerProblems(input, this.options.schedulers),
    );
    if (decision.problems.length) {
      throw new InputError(decision.problems.join('; '));
    }
    if (!read || read.errors.some(e => e.cluster === input.cluster)) {
      // An immediate request meets capacity only while the class is booked
      // on the cluster; an unreadable cluster leaves it to its scheduler.
      if (!reservation) return { decision, capacityTotal: undefined };
      throw new ServiceUnavailableError(
        `cluster ${input.cluster} could not be read, so a window on it cannot be booked; try again shortly`,
      );
    }
    const item = read.items.find(
      i =>
        i.cluster === input.cluster &&
        i.gpuClass === input.gpuClass &&
        (i.migProfile ?? '') === (input.migProfile ?? ''),
    );
    return { decision, capacityTotal: item?.total ?? 0 };
  }

  /**
   * A grant's entity must be owned by the requesting team or a team below
   * it (catalog ownership, up the Group tree through `childOf`), or its GPU
   * cost and compliance results would land on another team.
   */
  private async assertOwnedByTeam(
    entity: Entity,
    entityRef: string,
    team: string,
  ): Promise<void> {
    const owners = ownersOf(entity);
    for (const owner of owners.filter(o => o.startsWith('group:'))) {
      if (owner === team) return;
      if ((await this.options.groupTree.ancestors(owner)).includes(team)) {
        return;
      }
    }
    throw new NotAllowedError(
      owners.length
        ? `${entityRef} is owned by ${owners.join(
            ', ',
          )}, not by ${team} or a team below it`
        : `${entityRef} has no owner in the catalog, so it is not owned by ${team} or a team below it`,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A replayed idempotency key must come with the same request. */
function assertSameRequest(
  existing: GpuRequest,
  input: Record<string, unknown>,
  idempotencyKey: string,
): void {
  const differing = REPLAYED_FIELDS.filter(
    field => existing[field] !== input[field],
  );
  if (differing.length) {
    throw new ConflictError(
      `Idempotency-Key ${idempotencyKey} was used for a different request (${differing.join(
        ', ',
      )} differ)`,
    );
  }
}
