import { NotAllowedError } from '@backstage/errors';
import {
  GpuRequest,
  GpuRequestStatus,
  gpuRequestReadPermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { inputRefKey, teamRefKey } from '../catalog/refKeys';
import { GpuRequestListFilter, GrantStore } from '../database/types';
import { TeamMembership } from '@ai-platform/plugin-ai-platform-node';
import { loadRequest } from './loadRequest';
import { RequestPermissions } from './RequestPermissions';
import {
  GpuRequestCallContext,
  GpuRequestQueryService,
  GpuRequestScope,
} from './types';

interface Options {
  store: GrantStore;
  membership: TeamMembership;
  permissions: RequestPermissions;
}

/**
 * Reading requests: one by id when the read permission allows it, or lists
 * of the caller's own, their teams' or (for approvers) all requests, narrowed
 * by the read permission's conditions in the store query.
 */
export class DefaultGpuRequestQueryService implements GpuRequestQueryService {
  static create(options: Options): DefaultGpuRequestQueryService {
    return new DefaultGpuRequestQueryService(options);
  }

  private constructor(private readonly options: Options) {}

  async get(
    context: GpuRequestCallContext & { id: string },
  ): Promise<GpuRequest> {
    const request = await loadRequest(this.options.store, context.id);
    await this.options.permissions.authorizeResource(
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
    const { permissions } = this.options;
    const scope = context.scope ?? 'mine';
    const readable = await permissions.readableRequests(context.credentials);
    const filter: GpuRequestListFilter = {};
    if (scope === 'all') {
      if (!readable.all) {
        throw new NotAllowedError(
          'Listing all GPU requests is for approvers; list your own (scope mine) or your teams’ (scope team)',
        );
      }
    } else {
      const credentials = permissions.requireUser(
        context.credentials,
        `list ${scope === 'mine' ? 'your' : 'your teams’'} GPU requests`,
      );
      if (scope === 'mine') {
        filter.requestedBy = credentials.principal.userEntityRef;
      } else {
        filter.teams = await this.options.membership.teamsOf(credentials);
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
    if (!readable.all) {
      filter.permissionFilter = readable.filter;
    }
    return this.options.store.list(filter);
  }
}
