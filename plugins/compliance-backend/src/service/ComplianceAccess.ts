import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { CallContext } from './types';

/** The permission checks every use case starts with. */
export class ComplianceAccess {
  static create(options: { permissions: PermissionsService }) {
    return new ComplianceAccess(options.permissions);
  }

  private constructor(private readonly permissions: PermissionsService) {}

  /** Whether the caller holds the permission. */
  async allows(ctx: CallContext, permission: BasicPermission) {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials: ctx.credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Throws `NotAllowedError` ("You are not allowed to <what>") unless allowed. */
  async require(ctx: CallContext, permission: BasicPermission, what: string) {
    if (!(await this.allows(ctx, permission)))
      throw new NotAllowedError(`You are not allowed to ${what}`);
  }
}
