import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  GpuRequest,
  gpuRequestApprovePermission,
  gpuRequestReadPermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuRequestPermissionQuery } from '../database/types';
import { gpuRequestPermissionResourceRef } from '../permissions/gpuRequestPermissionResourceRef';

/** Credentials of a signed-in user. */
export type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/** Which requests a caller may read: all of them, or those matching a filter. */
export type ReadableRequests =
  | { all: true }
  | { all: false; filter: PermissionCriteria<GpuRequestPermissionQuery> };

/**
 * The permission checks of GPU requests: basic permissions, resource
 * permissions evaluated against a loaded request with the registered rules
 * (IS_REQUESTER, IS_TEAM), and read conditions turned into a store filter.
 */
export class RequestPermissions {
  static create(options: {
    auth: AuthService;
    permissions: PermissionsService;
    /** Where the IS_REQUESTER and IS_TEAM rules are registered. */
    permissionsRegistry: PermissionsRegistryService;
  }): RequestPermissions {
    return new RequestPermissions(options);
  }

  private constructor(
    private readonly options: {
      auth: AuthService;
      permissions: PermissionsService;
      permissionsRegistry: PermissionsRegistryService;
    },
  ) {}

  isUser(credentials: BackstageCredentials): credentials is UserCredentials {
    return this.options.auth.isPrincipal(credentials, 'user');
  }

  /** The calling service's subject (such as `plugin:scaffolder`), when a service calls. */
  serviceOf(credentials: BackstageCredentials): string | undefined {
    return this.options.auth.isPrincipal(credentials, 'service')
      ? credentials.principal.subject
      : undefined;
  }

  /** The credentials when they are a user's; otherwise `Only users can <action>`. */
  requireUser(
    credentials: BackstageCredentials,
    action: string,
  ): UserCredentials {
    if (!this.isUser(credentials)) {
      throw new NotAllowedError(`Only users can ${action}`);
    }
    return credentials;
  }

  async authorizeBasic(
    credentials: BackstageCredentials,
    permission: BasicPermission,
    action: string,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
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
  async authorizeResource(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    request: GpuRequest,
    action: string,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (!createConditionAuthorizer(this.ruleset())(decision, request)) {
      throw new NotAllowedError(
        `You are not allowed to ${action} GPU request ${request.id}`,
      );
    }
  }

  /** Which requests the caller may read; refused when none. */
  async readableRequests(
    credentials: BackstageCredentials,
  ): Promise<ReadableRequests> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: gpuRequestReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('You are not allowed to read GPU requests');
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return { all: true };
    }
    return {
      all: false,
      filter: createConditionTransformer(this.ruleset())(decision.conditions),
    };
  }

  /** Whether the caller holds the approve permission unconditionally (approvers, and other backends). */
  async mayApproveAny(credentials: BackstageCredentials): Promise<boolean> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: gpuRequestApprovePermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private ruleset() {
    return this.options.permissionsRegistry.getPermissionRuleset(
      gpuRequestPermissionResourceRef,
    );
  }
}
