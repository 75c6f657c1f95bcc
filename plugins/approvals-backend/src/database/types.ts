import { Approval, ApprovalStatus } from '@ai-platform/plugin-approvals-common';

/** A new approval, as the store records it. */
export interface NewApproval {
  approverGroup: string;
  title: string;
  description?: string;
  link?: string;
  requestedBy: string;
  requestedVia?: string;
  expiresAt?: Date;
  /** The requester's key for retries: the same key gives the same approval. */
  idempotencyKey?: string;
}

/** Which approvals a list holds. */
export interface ApprovalListFilter {
  /** Approvals of these approver groups (comparison keys). */
  approverGroupKeys?: string[];
  /** Approvals asked for by this user. */
  requestedBy?: string;
  /** Approvals not asked for by this user. */
  notRequestedBy?: string;
  status?: ApprovalStatus;
  limit: number;
}

/** How a pending approval ends. */
export interface ApprovalEnd {
  status: 'approved' | 'rejected' | 'withdrawn';
  decidedBy: string;
  reason?: string;
}

/** Where approvals are kept. */
export interface ApprovalStore {
  /** Records an approval, or gives the one made earlier with the same idempotency key. */
  create(
    approval: NewApproval,
  ): Promise<{ approval: Approval; created: boolean }>;
  get(id: string): Promise<Approval | undefined>;
  list(filter: ApprovalListFilter): Promise<Approval[]>;
  /**
   * Ends a pending approval that has not expired, compare and set; the
   * approval as it then is, or `undefined` when it was no longer pending.
   */
  end(id: string, end: ApprovalEnd): Promise<Approval | undefined>;
}
