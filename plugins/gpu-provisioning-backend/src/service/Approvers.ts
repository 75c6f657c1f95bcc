import {
  entityRefKeys,
  entityRefsEqual,
} from '@ai-platform/plugin-ai-platform-node';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { TeamMembership } from '@ai-platform/plugin-ai-platform-node';
import { UserCredentials } from './RequestPermissions';

/** The approvers of `gpuProvisioning.approvers`: who may decide on requests. */
export class Approvers {
  /** `gpuProvisioning.approvers` as comparison keys. */
  private readonly keys: string[];

  static create(options: {
    /** `gpuProvisioning.approvers`, as configured. */
    approvers: string[];
    membership: TeamMembership;
  }): Approvers {
    return new Approvers(options.approvers, options.membership);
  }

  private constructor(
    /** The groups as configured, for messages. */
    readonly configured: string[],
    private readonly membership: TeamMembership,
  ) {
    this.keys = entityRefKeys(configured, { defaultKind: 'group' });
  }

  /** Whether the user belongs to one of the approver groups (compared case-insensitively). */
  async includes(credentials: UserCredentials): Promise<boolean> {
    const teams = await this.membership.teamsOf(credentials);
    return teams.some(team => this.keys.includes(team));
  }

  /** Whether the user is an approver and not the request's requester. */
  async mayApprove(
    credentials: UserCredentials,
    request: GpuRequest,
  ): Promise<boolean> {
    if (isRequesterOf(credentials, request)) {
      return false;
    }
    return this.includes(credentials);
  }
}

/** Whether the user made the request. */
export function isRequesterOf(
  credentials: UserCredentials,
  request: GpuRequest,
): boolean {
  return entityRefsEqual(
    request.requestedBy,
    credentials.principal.userEntityRef,
  );
}
