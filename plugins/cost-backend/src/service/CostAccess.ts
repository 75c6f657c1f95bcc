import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  costBudgetManagePermission,
  costReadPermission,
} from '@ai-platform/plugin-cost-common';
import { CallContext } from './types';

/** The cost permission checks, with messages that say who may do what. */
export class CostAccess {
  static create(options: { permissions: PermissionsService }): CostAccess {
    return new CostAccess(options.permissions);
  }

  private constructor(private readonly permissions: PermissionsService) {}

  /** Whether the caller holds a basic (non-resource) permission. */
  async allows(
    permission: BasicPermission,
    ctx: CallContext,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials: ctx.credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Refuses unless the caller may read the costs of `ref`. */
  async requireRead(ref: string, ctx: CallContext): Promise<void> {
    if (!(await this.mayRead([ref], ctx))[0]) {
      throw new NotAllowedError(
        `You may not read the costs of ${ref}: they are visible to the team's members, the members of groups above it, and cost admins`,
      );
    }
  }

  /** Refuses unless the caller may manage the budget of `groupRef`. */
  async requireManage(groupRef: string, ctx: CallContext): Promise<void> {
    const [decision] = await this.permissions.authorize(
      [{ permission: costBudgetManagePermission, resourceRef: groupRef }],
      { credentials: ctx.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not manage the budget of ${groupRef}: budgets are set by members of the groups above it and cost admins`,
      );
    }
  }

  /** Whether the caller may read the costs of each ref, in one request. */
  async mayRead(refs: string[], ctx: CallContext): Promise<boolean[]> {
    if (refs.length === 0) return [];
    const decisions = await this.permissions.authorize(
      refs.map(resourceRef => ({
        permission: costReadPermission,
        resourceRef,
      })),
      { credentials: ctx.credentials },
    );
    return decisions.map(d => d.result === AuthorizeResult.ALLOW);
  }
}
