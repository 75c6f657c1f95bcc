import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, RELATION_MEMBER_OF } from '@backstage/catalog-model';
import {
  CatalogGroupTree,
  entityRefKeys,
  entityRefsEqual,
  ownersOf,
} from '@ai-platform/plugin-ai-platform-node';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  BasicPermission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  CapacityResponse,
  GpuRequest,
  GpuRequestStatus,
  QUOTA_HOLDING_STATUSES,
  TeamQuota,
  gpuCapacityReadPermission,
  gpuRequestApprovePermission,
  gpuRequestCreatePermission,
  gpuRequestExtendSchema,
  gpuRequestInputSchema,
  gpuRequestReadPermission,
  gpuRequestRejectSchema,
  gpuRequestUpdatePermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { JsonObject } from '@backstage/types';
import {
  DEFAULT_CLUSTER_CLASSIFICATIONS,
  GpuProvisioningConfig,
  quotaKeyOf,
} from '../config/GpuProvisioningConfig';
import { inputRefKey, teamRefKey } from '../catalog/refKeys';
import { GrantStore, GpuRequestListFilter } from '../database/types';
import { gpuRequestPermissionResourceRef } from '../permissions/gpuRequestPermissionResourceRef';
import { CapacityReader } from '../types';
import { estimateCost } from './estimateCost';
import { parseInput } from './parseInput';
import {
  GpuClassesResponse,
  GpuRequestApi,
  GpuRequestCallContext,
  GpuRequestScope,
  GrantLifecycle,
} from './types';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * GPU provisioning's business logic: permission, membership, policy and quota
 * checks, approvals, extensions and releases, each change recorded with the
 * auditor. Used by the REST API and the actions alike.
 */
export class GpuRequestService implements GpuRequestApi {
  private readonly store: GrantStore;
  private readonly capacityReader: CapacityReader;
  private readonly lifecycle: GrantLifecycle;
  private readonly config: GpuProvisioningConfig;
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly userInfo: UserInfoService;
  private readonly permissions: PermissionsService;
  private readonly permissionsRegistry: PermissionsRegistryService;
  private readonly auditor: AuditorService;
  private readonly logger: LoggerService;
  private readonly notifications?: NotificationService;
  private readonly groupTree: CatalogGroupTree;
  /** `gpuProvisioning.approvers` as comparison keys. */
  private readonly approverKeys: string[];

  static create(options: {
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
  }): GpuRequestService {
    return new GpuRequestService(options);
  }

  private constructor(options: Parameters<typeof GpuRequestService.create>[0]) {
    this.store = options.store;
    this.capacityReader = options.capacity;
    this.lifecycle = options.lifecycle;
    this.config = options.config;
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.userInfo = options.userInfo;
    this.permissions = options.permissions;
    this.permissionsRegistry = options.permissionsRegistry;
    this.auditor = options.auditor;
    this.logger = options.logger;
    this.notifications = options.notifications;
    this.groupTree = CatalogGroupTree.create({
      catalog: options.catalog,
      auth: options.auth,
    });
    this.approverKeys = entityRefKeys(options.config.approvers, {
      defaultKind: 'group',
    });
  }

  async create(
    context: GpuRequestCallContext & {
      input: unknown;
      idempotencyKey?: string;
    },
  ): Promise<{ request: GpuRequest; created: boolean }> {
    return this.audited(
      context,
      {
        eventId: 'gpu-request-create',
        severityLevel: 'medium',
        meta: context.idempotencyKey
          ? { idempotencyKey: context.idempotencyKey }
          : {},
      },
      async () => {
        const credentials = this.requireUser(
          context.credentials,
          'request GPUs',
        );
        await this.authorizeBasic(
          credentials,
          gpuRequestCreatePermission,
          'request GPUs',
        );
        const parsed = parseInput(gpuRequestInputSchema, context.input);
        // Entity refs are case-insensitive; requests store them as comparison keys.
        const input = {
          ...parsed,
          team: teamRefKey(parsed.team),
          ...(parsed.entityRef
            ? { entityRef: inputRefKey(parsed.entityRef, 'entityRef') }
            : {}),
        };
        const userRef = credentials.principal.userEntityRef;

        const teams = await this.teamsOf(credentials);
        if (!teams.includes(input.team)) {
          throw new NotAllowedError(
            `${userRef} is not a member of ${input.team}; only members of a team can request GPUs for it`,
          );
        }
        const { hourlyRate } = await this.checkPolicy(input);
        if (input.entityRef) {
          const entity = await this.catalog.getEntityByRef(input.entityRef, {
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

        const gpuHours = input.count * input.durationHours;
        const requiresApproval =
          gpuHours > this.config.approvalThresholdGpuHours;
        const quotaKey = quotaKeyOf(input);
        const { request, created } = await this.store.create({
          request: {
            ...input,
            requestedBy: userRef,
            status: requiresApproval ? 'pending-approval' : 'approved',
            gpuHours,
            estimatedCost: estimateCost({
              count: input.count,
              hours: input.durationHours,
              hourlyRate,
            }),
            requiresApproval,
          },
          quotaLimit: this.quotaLimit(input.team, quotaKey),
          idempotencyKey: context.idempotencyKey,
        });

        if (!created) {
          this.assertSameRequest(request, input, context.idempotencyKey!);
          return { request, created };
        }
        this.logger.info('Recorded GPU request', {
          requestId: request.id,
          team: request.team,
          cluster: request.cluster,
          quotaKey,
          count: request.count,
          status: request.status,
        });
        if (request.status === 'approved') {
          return { request: await this.provision(request), created };
        }
        return { request, created };
      },
      ({ request, created }) => ({
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
    );
  }

  async get(
    context: GpuRequestCallContext & { id: string },
  ): Promise<GpuRequest> {
    const request = await this.load(context.id);
    await this.authorizeResource(
      context.credentials,
      gpuRequestReadPermission,
      request,
      'read',
    );
    return request;
  }

  async list(
    context: GpuRequestCallContext & {
      scope?: GpuRequestScope;
      statuses?: GpuRequestStatus[];
      team?: string;
      entityRef?: string;
    },
  ): Promise<GpuRequest[]> {
    const scope = context.scope ?? 'mine';
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: gpuRequestReadPermission }],
      { credentials: context.credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('You are not allowed to read GPU requests');
    }
    const filter: GpuRequestListFilter = {};
    if (scope === 'all') {
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'Listing all GPU requests is for approvers; list your own (scope mine) or your teams’ (scope team)',
        );
      }
    } else {
      const credentials = this.requireUser(
        context.credentials,
        `list ${scope === 'mine' ? 'your' : 'your teams’'} GPU requests`,
      );
      if (scope === 'mine') {
        filter.requestedBy = credentials.principal.userEntityRef;
      } else {
        filter.teams = await this.teamsOf(credentials);
      }
    }
    if (context.team) {
      const team = teamRefKey(context.team);
      filter.teams = filter.teams
        ? filter.teams.filter(t => t === team)
        : [team];
    }
    if (context.statuses?.length) {
      filter.statuses = context.statuses;
    }
    if (context.entityRef) {
      filter.entityRef = inputRefKey(context.entityRef, 'entityRef');
    }
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      filter.permissionFilter = createConditionTransformer(this.ruleset())(
        decision.conditions,
      );
    }
    return this.store.list(filter);
  }

  async approve(
    context: GpuRequestCallContext & { id: string },
  ): Promise<GpuRequest> {
    return this.audited(
      context,
      {
        eventId: 'gpu-request-approve',
        severityLevel: 'medium',
        meta: { requestId: context.id },
      },
      async () => {
        const { credentials, request } = await this.decide(context);
        const approver = credentials.principal.userEntityRef;
        const approved = await this.store.transition(
          request.id,
          ['pending-approval'],
          'approved',
          { decidedBy: approver, decidedAt: new Date().toISOString() },
        );
        if (!approved) {
          throw new ConflictError(
            `GPU request ${request.id} was decided by someone else meanwhile`,
          );
        }
        this.logger.info('Approved GPU request', {
          requestId: request.id,
          approver,
        });
        await this.notify(approved, {
          title: `GPU request approved: ${
            approved.count
          } × ${this.describeClass(approved)} on ${approved.cluster}`,
          description: `${approver} approved your request for ${approved.team}. The GPUs are being provisioned.`,
          severity: 'normal',
        });
        return this.provision(approved);
      },
      request => ({ status: request.status }),
    );
  }

  async reject(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest> {
    return this.audited(
      context,
      {
        eventId: 'gpu-request-reject',
        severityLevel: 'medium',
        meta: { requestId: context.id },
      },
      async () => {
        const { reason } = parseInput(gpuRequestRejectSchema, context.input);
        const { credentials, request } = await this.decide(context);
        const approver = credentials.principal.userEntityRef;
        const rejected = await this.store.transition(
          request.id,
          ['pending-approval'],
          'rejected',
          {
            decidedBy: approver,
            decidedAt: new Date().toISOString(),
            rejectionReason: reason,
          },
        );
        if (!rejected) {
          throw new ConflictError(
            `GPU request ${request.id} was decided by someone else meanwhile`,
          );
        }
        this.logger.info('Rejected GPU request', {
          requestId: request.id,
          approver,
        });
        await this.notify(rejected, {
          title: `GPU request rejected: ${
            rejected.count
          } × ${this.describeClass(rejected)} on ${rejected.cluster}`,
          description: `${approver} rejected your request for ${rejected.team}: ${reason}`,
          severity: 'high',
        });
        return rejected;
      },
      request => ({ status: request.status }),
    );
  }

  async extend(
    context: GpuRequestCallContext & { id: string; input: unknown },
  ): Promise<GpuRequest> {
    return this.audited(
      context,
      {
        eventId: 'gpu-request-extend',
        severityLevel: 'medium',
        meta: { requestId: context.id },
      },
      async () => {
        const { additionalHours } = parseInput(
          gpuRequestExtendSchema,
          context.input,
        );
        const credentials = this.requireUser(
          context.credentials,
          'extend GPU grants',
        );
        const request = await this.load(context.id);
        const threshold = this.config.approvalThresholdGpuHours;
        const gpuHours =
          request.count * (request.durationHours + additionalHours);
        if (gpuHours > threshold) {
          // Otherwise a small grant could grow past the threshold unreviewed.
          if (!(await this.mayApprove(credentials, request))) {
            throw new NotAllowedError(
              `Extending GPU request ${
                request.id
              } to ${gpuHours} GPU-hours passes the approval threshold of ${threshold} GPU-hours; an approver (${this.config.approvers.join(
                ', ',
              )}) other than the requester must extend it`,
            );
          }
          await this.authorizeResource(
            credentials,
            gpuRequestApprovePermission,
            request,
            'extend',
          );
        } else {
          await this.authorizeResource(
            credentials,
            gpuRequestUpdatePermission,
            request,
            'extend',
          );
        }
        const extended = await this.store.extend({
          id: request.id,
          additionalHours,
          maxDurationHours: this.config.maxDurationHours,
          hourlyRate: this.hourlyRateOf(request),
        });
        this.logger.info('Extended GPU grant', {
          requestId: request.id,
          additionalHours,
        });
        return extended;
      },
      request => ({
        durationHours: request.durationHours,
        ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
      }),
    );
  }

  async release(
    context: GpuRequestCallContext & { id: string },
  ): Promise<GpuRequest> {
    return this.audited(
      context,
      {
        eventId: 'gpu-request-release',
        severityLevel: 'medium',
        meta: { requestId: context.id },
      },
      async () => {
        const credentials = this.requireUser(
          context.credentials,
          'release GPU grants',
        );
        const request = await this.load(context.id);
        await this.authorizeResource(
          credentials,
          gpuRequestUpdatePermission,
          request,
          'release',
        );
        if (!QUOTA_HOLDING_STATUSES.includes(request.status)) {
          throw new ConflictError(
            `GPU request ${request.id} is ${request.status} and holds no GPUs to release`,
          );
        }
        if (request.status === 'pending-approval') {
          // Nothing is on a cluster yet: withdrawing is a status change.
          const withdrawn = await this.store.transition(
            request.id,
            ['pending-approval'],
            'released',
            { endedAt: new Date().toISOString() },
          );
          if (!withdrawn) {
            throw new ConflictError(
              `GPU request ${request.id} was decided on meanwhile; try again`,
            );
          }
          return withdrawn;
        }
        return this.lifecycle.end(request, 'released');
      },
      request => ({ status: request.status }),
    );
  }

  async capacity(context: GpuRequestCallContext): Promise<CapacityResponse> {
    return this.audited(
      context,
      { eventId: 'gpu-capacity-read', severityLevel: 'low' },
      async () => {
        await this.authorizeBasic(
          context.credentials,
          gpuCapacityReadPermission,
          'read GPU capacity',
        );
        const [capacity, totals] = await Promise.all([
          this.capacityReader.read(),
          this.store.activeGrantTotals(),
        ]);
        const items = capacity.items.map(item => {
          const granted = totals
            .filter(
              t =>
                t.cluster === item.cluster &&
                t.gpuClass === item.gpuClass &&
                (t.migProfile ?? '') === (item.migProfile ?? ''),
            )
            .reduce((sum, t) => sum + t.count, 0);
          return {
            ...item,
            granted,
            free: Math.max(0, item.total - Math.max(item.inUse, granted)),
          };
        });
        return { items, errors: capacity.errors };
      },
      capacity => ({
        clusters: [...new Set(capacity.items.map(i => i.cluster))],
        errors: capacity.errors.length,
      }),
    );
  }

  async classes(context: GpuRequestCallContext): Promise<GpuClassesResponse> {
    await this.authorizeBasic(
      context.credentials,
      gpuCapacityReadPermission,
      'read GPU capacity',
    );
    const capacity = await this.capacityReader.read();
    const clusterNames = this.capacityReader.clusterNames();
    return {
      classes: this.config.gpuClasses.map(c => ({
        id: c.id,
        displayName: c.displayName,
        memoryMiB: c.memoryMiB,
        hourlyRate: c.hourlyRate,
        migProfiles: c.migProfiles.map(m => ({
          name: m.name,
          memoryMiB: m.memoryMiB,
          hourlyRate: m.hourlyRate,
        })),
        clusters: [
          ...new Set(
            capacity.items
              .filter(item => item.gpuClass === c.id)
              .map(item => item.cluster),
          ),
        ].sort(),
      })),
      policy: {
        maxDurationHours: this.config.maxDurationHours,
        approvalThresholdGpuHours: this.config.approvalThresholdGpuHours,
        clusterDataClassifications: Object.fromEntries(
          [
            ...new Set([
              ...clusterNames,
              ...Object.keys(this.config.clusterDataClassifications),
            ]),
          ]
            .sort()
            .map(cluster => [cluster, this.classificationsOf(cluster)]),
        ),
      },
    };
  }

  async quota(
    context: GpuRequestCallContext & { team?: string },
  ): Promise<TeamQuota[]> {
    await this.authorizeBasic(
      context.credentials,
      gpuCapacityReadPermission,
      'read GPU capacity',
    );
    let teams: string[];
    if (context.team) {
      const team = teamRefKey(context.team);
      await this.assertMayReadQuotaOf(context.credentials, team);
      teams = [team];
    } else if (this.auth.isPrincipal(context.credentials, 'user')) {
      teams = await this.teamsOf(context.credentials);
    } else {
      throw new InputError(
        'team: is required for calls that are not made by a user',
      );
    }
    const configuredKeys = this.config.gpuClasses.flatMap(c => [
      c.id,
      ...c.migProfiles.map(m => `${c.id}/${m.name}`),
    ]);
    const result: TeamQuota[] = [];
    for (const team of teams.sort()) {
      const usage = await this.store.usage(team);
      const keys = new Set([
        ...configuredKeys,
        ...Object.keys(this.config.defaultQuota),
        ...Object.keys(this.config.teamQuotas[team] ?? {}),
        ...Object.keys(usage),
      ]);
      for (const key of [...keys].sort()) {
        const limit = this.quotaLimit(team, key);
        const used = usage[key] ?? 0;
        result.push({
          team,
          cluster: '*',
          gpuClass: key,
          limit,
          used,
          remaining: Math.max(0, limit - used),
        });
      }
    }
    return result;
  }

  /** Records an audit event around `fn`: success with its meta, or failure with its error. */
  private async audited<T>(
    context: GpuRequestCallContext,
    event: {
      eventId: string;
      severityLevel: AuditorServiceEventSeverityLevel;
      meta?: JsonObject;
    },
    fn: () => Promise<T>,
    successMeta: (result: T) => JsonObject,
  ): Promise<T> {
    const auditorEvent = await this.auditor.createEvent({
      eventId: event.eventId,
      severityLevel: event.severityLevel,
      request: context.httpRequest,
      meta: {
        ...event.meta,
        ...(this.auth.isPrincipal(context.credentials, 'user')
          ? { actor: context.credentials.principal.userEntityRef }
          : {}),
      },
    });
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
    await auditorEvent.success({ meta: successMeta(result) });
    return result;
  }

  private requireUser(
    credentials: BackstageCredentials,
    action: string,
  ): UserCredentials {
    if (!this.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(`Only users can ${action}`);
    }
    return credentials;
  }

  private async authorizeBasic(
    credentials: BackstageCredentials,
    permission: BasicPermission,
    action: string,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${action} (${permission.name})`,
      );
    }
  }

  /**
   * Checks a resource permission against a loaded request: a conditional
   * decision is evaluated here with the registered rules.
   */
  private async authorizeResource(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    request: GpuRequest,
    action: string,
  ): Promise<void> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (!this.isAllowed(decision, request)) {
      throw new NotAllowedError(
        `You are not allowed to ${action} GPU request ${request.id}`,
      );
    }
  }

  private isAllowed(decision: PolicyDecision, request: GpuRequest): boolean {
    return createConditionAuthorizer(this.ruleset())(decision, request);
  }

  private ruleset() {
    return this.permissionsRegistry.getPermissionRuleset(
      gpuRequestPermissionResourceRef,
    );
  }

  /** The approver's checks, shared by approve and reject. */
  private async decide(
    context: GpuRequestCallContext & { id: string },
  ): Promise<{ credentials: UserCredentials; request: GpuRequest }> {
    const credentials = this.requireUser(
      context.credentials,
      'decide on GPU requests',
    );
    const request = await this.load(context.id);
    await this.authorizeResource(
      credentials,
      gpuRequestApprovePermission,
      request,
      'decide on',
    );
    if (!(await this.isApprover(credentials))) {
      const approvers = this.config.approvers;
      throw new NotAllowedError(
        approvers.length
          ? `Only members of ${approvers.join(', ')} decide on GPU requests`
          : 'No approvers are configured (gpuProvisioning.approvers), so nobody can decide on GPU requests',
      );
    }
    if (
      entityRefsEqual(request.requestedBy, credentials.principal.userEntityRef)
    ) {
      throw new NotAllowedError('You cannot decide on your own GPU request');
    }
    if (request.status !== 'pending-approval') {
      throw new ConflictError(
        `GPU request ${request.id} is ${request.status}, not pending-approval`,
      );
    }
    return { credentials, request };
  }

  /** Whether the user is an approver and not the request's requester. */
  private async mayApprove(
    credentials: UserCredentials,
    request: GpuRequest,
  ): Promise<boolean> {
    if (
      entityRefsEqual(request.requestedBy, credentials.principal.userEntityRef)
    ) {
      return false;
    }
    return this.isApprover(credentials);
  }

  /** Whether the user belongs to one of `gpuProvisioning.approvers` (compared case-insensitively). */
  private async isApprover(credentials: UserCredentials): Promise<boolean> {
    const teams = await this.teamsOf(credentials);
    return teams.some(team => this.approverKeys.includes(team));
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
      if ((await this.groupTree.ancestors(owner)).includes(team)) return;
    }
    throw new NotAllowedError(
      owners.length
        ? `${entityRef} is owned by ${owners.join(
            ', ',
          )}, not by ${team} or a team below it`
        : `${entityRef} has no owner in the catalog, so it is not owned by ${team} or a team below it`,
    );
  }

  /**
   * A team's quota is read by its members, members of the teams above it,
   * and whoever holds the approve permission (approvers, and other backends).
   */
  private async assertMayReadQuotaOf(
    credentials: BackstageCredentials,
    team: string,
  ): Promise<void> {
    if (this.auth.isPrincipal(credentials, 'user')) {
      const [mine, above] = await Promise.all([
        this.teamsOf(credentials),
        this.groupTree.ancestors(team),
      ]);
      if (mine.some(t => t === team || above.includes(t))) return;
    }
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: gpuRequestApprovePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return;
    throw new NotAllowedError(
      `You may not read the quota of ${team}: only its members, members of the teams above it and approvers may`,
    );
  }

  private async load(id: string): Promise<GpuRequest> {
    const request = await this.store.get(id);
    if (!request) {
      throw new NotFoundError(`No GPU request with id ${id}`);
    }
    return request;
  }

  /**
   * The groups the user belongs to: the `memberOf` relations of their User
   * entity in the catalog, and the groups among their ownership claims.
   */
  private async teamsOf(credentials: UserCredentials): Promise<string[]> {
    const userRef = credentials.principal.userEntityRef;
    const [entity, info] = await Promise.all([
      this.catalog.getEntityByRef(userRef, { credentials }),
      this.userInfo.getUserInfo(credentials),
    ]);
    const memberOf = (entity?.relations ?? [])
      .filter(relation => relation.type === RELATION_MEMBER_OF)
      .map(relation => relation.targetRef);
    const claimed = info.ownershipEntityRefs.filter(ref =>
      ref.startsWith('group:'),
    );
    return entityRefKeys([...memberOf, ...claimed], {
      defaultKind: 'group',
    });
  }

  /**
   * Checks a request against the policy; every violation is named in one
   * `InputError`. Returns the hourly rate of what is asked for.
   */
  private async checkPolicy(input: {
    cluster: string;
    gpuClass: string;
    migProfile?: string;
    durationHours: number;
    dataClassification: GpuRequest['dataClassification'];
  }): Promise<{ hourlyRate: number }> {
    const problems: string[] = [];
    const clusters = this.capacityReader.clusterNames();
    const knownCluster = clusters.includes(input.cluster);
    if (!knownCluster) {
      problems.push(
        `cluster: unknown cluster '${input.cluster}'; one of ${
          clusters.join(', ') || '(none configured)'
        }`,
      );
    }
    const gpuClass = this.config.gpuClasses.find(c => c.id === input.gpuClass);
    let hourlyRate = gpuClass?.hourlyRate ?? 0;
    if (!gpuClass) {
      problems.push(
        `gpuClass: unknown GPU class '${
          input.gpuClass
        }'; one of ${this.config.gpuClasses.map(c => c.id).join(', ')}`,
      );
    } else if (knownCluster) {
      const capacity = await this.capacityReader.read();
      const unreadable = capacity.errors.some(e => e.cluster === input.cluster);
      const present = capacity.items.some(
        item => item.cluster === input.cluster && item.gpuClass === gpuClass.id,
      );
      if (!unreadable && !present) {
        problems.push(
          `gpuClass: ${gpuClass.id} is not available on cluster ${input.cluster}`,
        );
      }
    }
    if (gpuClass && input.migProfile) {
      const profile = gpuClass.migProfiles.find(
        m => m.name === input.migProfile,
      );
      if (profile) {
        hourlyRate = profile.hourlyRate;
      } else {
        problems.push(
          gpuClass.migProfiles.length
            ? `migProfile: ${input.migProfile} is not a MIG profile of ${
                gpuClass.id
              }; one of ${gpuClass.migProfiles.map(m => m.name).join(', ')}`
            : `migProfile: ${gpuClass.id} cannot be split into MIG instances`,
        );
      }
    }
    if (input.durationHours > this.config.maxDurationHours) {
      problems.push(
        `durationHours: must be at most ${this.config.maxDurationHours} hours`,
      );
    }
    const allowed = this.classificationsOf(input.cluster);
    if (knownCluster && !allowed.includes(input.dataClassification)) {
      problems.push(
        `dataClassification: ${input.cluster} may hold ${allowed.join(
          ', ',
        )} data only, not ${input.dataClassification}`,
      );
    }
    if (problems.length) {
      throw new InputError(problems.join('; '));
    }
    return { hourlyRate };
  }

  private classificationsOf(cluster: string) {
    return (
      this.config.clusterDataClassifications[cluster] ??
      DEFAULT_CLUSTER_CLASSIFICATIONS
    );
  }

  private quotaLimit(team: string, quotaKey: string): number {
    return (
      this.config.teamQuotas[team]?.[quotaKey] ??
      this.config.defaultQuota[quotaKey] ??
      0
    );
  }

  private hourlyRateOf(request: GpuRequest): number {
    const gpuClass = this.config.gpuClasses.find(
      c => c.id === request.gpuClass,
    );
    const profile = gpuClass?.migProfiles.find(
      m => m.name === request.migProfile,
    );
    return profile?.hourlyRate ?? gpuClass?.hourlyRate ?? 0;
  }

  private describeClass(request: GpuRequest): string {
    return request.migProfile
      ? `${request.gpuClass} ${request.migProfile}`
      : request.gpuClass;
  }

  /** A replayed idempotency key must come with the same request. */
  private assertSameRequest(
    existing: GpuRequest,
    input: Record<string, unknown>,
    idempotencyKey: string,
  ): void {
    const fields = [
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
    ] as const;
    const differing = fields.filter(field => existing[field] !== input[field]);
    if (differing.length) {
      throw new ConflictError(
        `Idempotency-Key ${idempotencyKey} was used for a different request (${differing.join(
          ', ',
        )} differ)`,
      );
    }
  }

  /**
   * Provisions an approved request now. If that fails, the request stays
   * approved with the error recorded and the lifecycle loop retries it, so
   * the caller still gets the request.
   */
  private async provision(request: GpuRequest): Promise<GpuRequest> {
    try {
      return await this.lifecycle.provision(request);
    } catch (error) {
      this.logger.warn('Provisioning failed; the lifecycle loop retries it', {
        requestId: request.id,
        error: String(error),
      });
      return (await this.store.get(request.id)) ?? request;
    }
  }

  /** Tells the requester; a notification that cannot be sent does not undo the decision. */
  private async notify(
    request: GpuRequest,
    payload: {
      title: string;
      description: string;
      severity: 'normal' | 'high';
    },
  ): Promise<void> {
    if (!this.notifications) return;
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: request.requestedBy },
        payload: {
          ...payload,
          link: '/gpu/requests',
          topic: 'gpu-provisioning',
          scope: `gpu-request:${request.id}`,
        },
      });
    } catch (error) {
      this.logger.warn('Could not notify the requester', {
        requestId: request.id,
        error: String(error),
      });
    }
  }
}
