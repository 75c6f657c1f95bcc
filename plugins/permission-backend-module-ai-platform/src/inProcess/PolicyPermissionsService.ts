import {
  AuthService,
  PermissionsService,
  PermissionsServiceRequestOptions,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
  QueryPermissionRequest,
  QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/**
 * The permissions service with the portal policy asked in the calling
 * plugin's process, as the permission backend would ask it, without the
 * HTTP round trip, the on-behalf-of token and its verification that each
 * check costs otherwise.
 *
 * @remarks
 * Only signed-in users' checks are decided here. Everything else goes to
 * `remote` (Backstage's own client, which asks the permission backend):
 * service principals and disabled permissions (decided by the client
 * without the policy, as before), and conditional decisions on a resource
 * ref, whose conditions only the owning plugin can apply. A resource
 * permission checked without a resource ref is also left to the permission
 * backend, which refuses it for direct user requests.
 */
export class PolicyPermissionsService implements PermissionsService {
  static create(options: {
    policy: PermissionPolicy;
    auth: AuthService;
    userInfo: UserInfoService;
    remote: PermissionsService;
    enabled: boolean;
  }): PolicyPermissionsService {
    return new PolicyPermissionsService(options);
  }

  private constructor(
    private readonly options: {
      policy: PermissionPolicy;
      auth: AuthService;
      userInfo: UserInfoService;
      remote: PermissionsService;
      enabled: boolean;
    },
  ) {}

  async authorize(
    requests: AuthorizePermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<AuthorizePermissionResponse[]> {
    const user = await this.signedInUser(options);
    if (!user) return this.options.remote.authorize(requests, options);
    const local = await Promise.all(
      requests.map(request =>
        isResourcePermission(request.permission) && !request.resourceRef
          ? undefined
          : this.decide(request, user),
      ),
    );
    const unresolved = requests.filter((_, i) => !isDefinitive(local[i]));
    if (unresolved.length === 0) {
      return local as AuthorizePermissionResponse[];
    }
    const answered = await this.options.remote.authorize(unresolved, options);
    let next = 0;
    return local.map(decision =>
      isDefinitive(decision) ? decision : answered[next++],
    );
  }

  async authorizeConditional(
    requests: QueryPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<QueryPermissionResponse[]> {
    const user = await this.signedInUser(options);
    if (!user) {
      return this.options.remote.authorizeConditional(requests, options);
    }
    return Promise.all(requests.map(request => this.decide(request, user)));
  }

  /** The policy's decision, held to the rules the permission backend applies. */
  private async decide(
    request: AuthorizePermissionRequest | QueryPermissionRequest,
    user: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const decision = await this.options.policy.handle({ permission }, user);
    if (decision.result !== AuthorizeResult.CONDITIONAL) return decision;
    if (!isResourcePermission(permission)) {
      throw new Error(
        `Conditional decision returned from permission policy for non-resource permission ${permission.name}`,
      );
    }
    if (decision.resourceType !== permission.resourceType) {
      throw new Error(
        `Invalid resource conditions returned from permission policy for permission ${permission.name}`,
      );
    }
    return decision;
  }

  /** The policy's view of a signed-in user, or undefined for other callers. */
  private async signedInUser(
    options: PermissionsServiceRequestOptions,
  ): Promise<PolicyQueryUser | undefined> {
    const { credentials } = options;
    if (!this.options.enabled) return undefined;
    if (!this.options.auth.isPrincipal(credentials, 'user')) return undefined;
    const info = await this.options.userInfo.getUserInfo(credentials);
    return { credentials, info };
  }
}

function isDefinitive(
  decision: PolicyDecision | undefined,
): decision is AuthorizePermissionResponse {
  return (
    decision !== undefined && decision.result !== AuthorizeResult.CONDITIONAL
  );
}
