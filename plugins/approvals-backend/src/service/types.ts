import { AuditContext } from '@ai-platform/plugin-ai-platform-node';
import {
  Approval,
  ApprovalDecision,
  ApprovalInput,
  ApprovalStatus,
} from '@ai-platform/plugin-approvals-common';

/** Whose approvals a list holds. */
export type ApprovalListScope = 'approver' | 'requester';

/** The approvals use cases, as the router and tests call them. */
export interface ApprovalService {
  /**
   * Records a pending approval asked for by the calling user; with an
   * idempotency key, a repeated call gives the approval the first one made
   * (`created: false`).
   */
  create(
    input: ApprovalInput,
    context: AuditContext,
    options?: { idempotencyKey?: string },
  ): Promise<{ approval: Approval; created: boolean }>;
  /** The caller's approvals: those they may decide, or those they asked for. */
  list(
    options: { mine: ApprovalListScope; status?: ApprovalStatus },
    context: AuditContext,
  ): Promise<Approval[]>;
  /** One approval, for its requester, its approvers and services. */
  get(id: string, context: AuditContext): Promise<Approval>;
  /** Approves or rejects, for a member of the approver group who did not ask. */
  decide(
    id: string,
    decision: ApprovalDecision,
    context: AuditContext,
  ): Promise<Approval>;
  /** Withdraws a pending approval, for its requester or the service that asked. */
  withdraw(
    id: string,
    options: { reason?: string },
    context: AuditContext,
  ): Promise<Approval>;
}
