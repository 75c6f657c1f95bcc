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
import {
  createConditionAuthorizer,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import { CostSubject } from '../permissions/costSubjectResourceRef';
import { costPermissionRules } from '../permissions/rules';
import { CallContext } from './types';

const RULES: PermissionRule<CostSubject, unknown, string>[] =
  Object.values(costPermissionRules);

/**
 * Applies a conditional decision to a subject with the rules the plugin
 * registers for `cost-subject`, as the permission backend would by calling
 * the plugin's apply-conditions endpoint, without that round trip.
 */
const meetsConditions = createConditionAuthorizer<CostSubject>({
  getRuleByName: name => {
    const rule = RULES.find(r => r.name === name);
    if (!rule) throw new Error(`no cost permission rule named ${name}`);
    return rule;
  },
});

/** The cost permission checks, with messages that say who may do what. */
export class CostAccess {
  static create(options: {
    permissions: PermissionsService;
    /** The subjects of refs as the permission rules see them. */
    subjects: (refs: string[]) => Promise<Array<CostSubject | undefined>>;
  }): CostAccess {
    return new CostAccess(options.permissions, options.subjects);
  }

  private constructor(
    private readonly permissions: PermissionsService,
    private readonly subjects: (
      refs: string[],
    ) => Promise<Array<CostSubject | undefined>>,
  ) {}

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

  /**
   * Whether the caller may read the costs of each ref: one decision of the
   * policy for the caller, its conditions (a member of the subject's team or
   * of a group above it) applied here to each subject by the plugin's rules.
   */
  async mayRead(refs: string[], ctx: CallContext): Promise<boolean[]> {
    if (refs.length === 0) return [];
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: costReadPermission }],
      { credentials: ctx.credentials },
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return refs.map(() => decision.result === AuthorizeResult.ALLOW);
    }
    const subjects = await this.subjects(refs);
    return subjects.map(subject => meetsConditions(decision, subject));
  }
}
