import {
  AiPlatformOrganisation,
  AuditContext,
  CallAuditor,
  entityRefKey,
} from '@ai-platform/plugin-ai-platform-node';
import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Approval,
  ApprovalDecision,
  ApprovalInput,
  ApprovalStatus,
  approvalCreatePermission,
  approvalDecidePermission,
} from '@ai-platform/plugin-approvals-common';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { ApprovalStore } from '../database/types';
import { ApprovalListScope, ApprovalService } from './types';

/** The most approvals a list answers with. */
const LIST_LIMIT = 200;

/**
 * The approvals use cases over a store, the permission policy and the
 * organisation service.
 *
 * @remarks
 * Who may decide is the approval's own data, so the backend checks it after
 * the policy allows `approvals.approval.decide`: the caller must be a direct
 * member of the approver group (`TeamMembership.teamsOf`: `memberOf`
 * relations and the groups the sign-in token claims). Members of groups
 * below it do not count: an approver group names exactly who may approve,
 * as a CODEOWNERS team does, and a parent team's approval should not pass to
 * every sub-team.
 */
export class DefaultApprovalService implements ApprovalService {
  static create(options: {
    store: ApprovalStore;
    auth: AuthService;
    permissions: PermissionsService;
    organisation: AiPlatformOrganisation;
    auditor: CallAuditor;
    /** The clock, for tests. */
    now?: () => Date;
  }): DefaultApprovalService {
    return new DefaultApprovalService(options);
  }

  private constructor(
    private readonly deps: {
      store: ApprovalStore;
      auth: AuthService;
      permissions: PermissionsService;
      organisation: AiPlatformOrganisation;
      auditor: CallAuditor;
      now?: () => Date;
    },
  ) {}

  async create(
    input: ApprovalInput,
    context: AuditContext,
    options: { idempotencyKey?: string } = {},
  ): Promise<{ approval: Approval; created: boolean }> {
    const credentials = this.user(context.credentials, 'ask for approvals');
    await this.authorize(
      credentials,
      approvalCreatePermission,
      'ask for approvals',
    );
    const groupRef = await this.approverGroup(input.approverGroup);
    if (input.expiresAt && Date.parse(input.expiresAt) <= this.now()) {
      throw new InputError('expiresAt: must be in the future');
    }
    const { idempotencyKey } = options;
    return this.deps.auditor.run(
      context,
      {
        eventId: 'approval-create',
        meta: { approverGroup: groupRef, title: input.title },
        successMeta: ({ approval, created }) => ({
          approvalId: approval.id,
          created,
        }),
      },
      async () => {
        const result = await this.deps.store.create({
          approverGroup: groupRef,
          title: input.title,
          description: input.description,
          link: input.link,
          requestedBy: credentials.principal.userEntityRef,
          requestedVia: credentials.principal.actor?.subject,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : undefined,
          idempotencyKey,
        });
        const { approval } = result;
        if (
          !result.created &&
          (approval.title !== input.title ||
            entityRefKey(approval.approverGroup, { defaultKind: 'group' }) !==
              entityRefKey(groupRef, { defaultKind: 'group' }))
        ) {
          throw new ConflictError(
            `Idempotency-Key ${idempotencyKey} was used for approval ${approval.id}, which asks ${approval.approverGroup} about "${approval.title}"; use a new key for a different approval`,
          );
        }
        return result;
      },
    );
  }

  async list(
    options: { mine: ApprovalListScope; status?: ApprovalStatus },
    context: AuditContext,
  ): Promise<Approval[]> {
    const credentials = this.user(context.credentials, 'list approvals');
    const me = credentials.principal.userEntityRef;
    if (options.mine === 'requester') {
      return this.deps.store.list({
        requestedBy: me,
        status: options.status,
        limit: LIST_LIMIT,
      });
    }
    const groups = await this.deps.organisation.membership.teamsOf(credentials);
    if (groups.length === 0) return [];
    return this.deps.store.list({
      approverGroupKeys: groups,
      notRequestedBy: me,
      status: options.status,
      limit: LIST_LIMIT,
    });
  }

  async get(id: string, context: AuditContext): Promise<Approval> {
    const approval = await this.load(id);
    const { credentials } = context;
    if (this.deps.auth.isPrincipal(credentials, 'service')) return approval;
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError('Only users and services may read approvals');
    }
    if (
      entityRefKey(approval.requestedBy) ===
        entityRefKey(credentials.principal.userEntityRef) ||
      (await this.isApprover(credentials, approval))
    ) {
      return approval;
    }
    throw new NotAllowedError(
      `Only its requester and the members of ${approval.approverGroup} may read this approval`,
    );
  }

  async decide(
    id: string,
    decision: ApprovalDecision,
    context: AuditContext,
  ): Promise<Approval> {
    const credentials = this.user(context.credentials, 'decide on approvals');
    const reason = decision.reason?.trim() || undefined;
    if (decision.decision === 'reject' && !reason) {
      throw new InputError('reason: is required to reject');
    }
    return this.deps.auditor.run(
      context,
      {
        eventId: 'approval-decide',
        meta: { approvalId: id, decision: decision.decision },
      },
      async () => {
        await this.authorize(
          credentials,
          approvalDecidePermission,
          'decide on approvals',
        );
        const approval = await this.load(id);
        const me = credentials.principal.userEntityRef;
        if (entityRefKey(approval.requestedBy) === entityRefKey(me)) {
          throw new NotAllowedError(
            'You may not decide on an approval you asked for',
          );
        }
        if (!(await this.isApprover(credentials, approval))) {
          throw new NotAllowedError(
            `Only members of ${approval.approverGroup} may decide on this approval`,
          );
        }
        return this.end(approval, {
          status: decision.decision === 'approve' ? 'approved' : 'rejected',
          decidedBy: me,
          reason,
        });
      },
    );
  }

  async withdraw(
    id: string,
    options: { reason?: string },
    context: AuditContext,
  ): Promise<Approval> {
    const { credentials } = context;
    return this.deps.auditor.run(
      context,
      { eventId: 'approval-withdraw', meta: { approvalId: id } },
      async () => {
        const approval = await this.load(id);
        let by: string | undefined;
        if (
          this.deps.auth.isPrincipal(credentials, 'user') &&
          entityRefKey(approval.requestedBy) ===
            entityRefKey(credentials.principal.userEntityRef)
        ) {
          by = credentials.principal.userEntityRef;
        } else if (
          this.deps.auth.isPrincipal(credentials, 'service') &&
          approval.requestedVia &&
          credentials.principal.subject === approval.requestedVia
        ) {
          by = credentials.principal.subject;
        }
        if (!by) {
          throw new NotAllowedError(
            'Only its requester, or the service that asked for it, may withdraw an approval',
          );
        }
        return this.end(approval, {
          status: 'withdrawn',
          decidedBy: by,
          reason: options.reason?.trim() || undefined,
        });
      },
    );
  }

  private async end(
    approval: Approval,
    end: Parameters<ApprovalStore['end']>[1],
  ): Promise<Approval> {
    if (approval.status !== 'pending') {
      throw new ConflictError(
        `Approval ${approval.id} is ${approval.status}, no longer pending`,
      );
    }
    const ended = await this.deps.store.end(approval.id, end);
    if (!ended) {
      const now = await this.load(approval.id);
      throw new ConflictError(
        `Approval ${approval.id} is ${now.status}, no longer pending`,
      );
    }
    return ended;
  }

  private async load(id: string): Promise<Approval> {
    const approval = await this.deps.store.get(id);
    if (!approval) throw new NotFoundError(`No approval ${id}`);
    return approval;
  }

  private async isApprover(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    approval: Approval,
  ): Promise<boolean> {
    const groups = await this.deps.organisation.membership.teamsOf(credentials);
    return groups.includes(
      entityRefKey(approval.approverGroup, { defaultKind: 'group' }),
    );
  }

  /** The approver group's ref, checked against the catalog's Groups. */
  private async approverGroup(ref: string): Promise<string> {
    let key: string;
    try {
      key = entityRefKey(ref, { defaultKind: 'group' });
    } catch {
      throw new InputError(
        'approverGroup: must be an entity ref such as group:default/ml-platform',
      );
    }
    if (!key.startsWith('group:')) {
      throw new InputError('approverGroup: must be a Group');
    }
    if (!(await this.deps.organisation.groupTree.has(key))) {
      throw new InputError(
        `approverGroup: ${ref} is not a Group in the catalog`,
      );
    }
    return key;
  }

  private user(
    credentials: BackstageCredentials,
    what: string,
  ): BackstageCredentials<BackstageUserPrincipal> {
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(`Only users may ${what}`);
    }
    return credentials;
  }

  private async authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission,
    what: string,
  ): Promise<void> {
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not ${what}`);
    }
  }

  private now(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }
}
