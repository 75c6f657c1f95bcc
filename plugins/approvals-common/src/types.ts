/**
 * Where an approval stands: `pending` until a member of the approver group
 * decides, the requester withdraws it or its `expiresAt` passes.
 *
 * @public
 */
export type ApprovalStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'withdrawn'
  | 'expired';

/**
 * Every {@link ApprovalStatus}.
 *
 * @public
 */
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = [
  'pending',
  'approved',
  'rejected',
  'withdrawn',
  'expired',
];

/**
 * An approval request, as the approvals API answers it.
 *
 * @public
 */
export interface Approval {
  /** The approval's id (a UUID). */
  id: string;
  /** Where it stands. */
  status: ApprovalStatus;
  /** The Group whose members may decide, as an entity ref. */
  approverGroup: string;
  /** What is to be approved, one line. */
  title: string;
  /** More about it (Markdown is shown as text). */
  description?: string;
  /** A link to what waits, such as the scaffolder task. */
  link?: string;
  /** The user who asked, as an entity ref. */
  requestedBy: string;
  /** The service that asked on the user's behalf (`plugin:scaffolder`), if any. */
  requestedVia?: string;
  /** When it was asked for, ISO 8601. */
  createdAt: string;
  /** When it expires if nobody decides, ISO 8601. */
  expiresAt?: string;
  /** Who approved, rejected or withdrew it. */
  decidedBy?: string;
  /** When it was decided or withdrawn, ISO 8601. */
  decidedAt?: string;
  /** The approver's (or the withdrawer's) reason. */
  reason?: string;
}

/**
 * What `POST /approvals` takes.
 *
 * @public
 */
export interface ApprovalInput {
  /** The Group whose members may decide; must be a Group in the catalog. */
  approverGroup: string;
  /** What is to be approved, one line (at most 200 characters). */
  title: string;
  /** More about it (at most 4000 characters). */
  description?: string;
  /** A link to what waits (http or https). */
  link?: string;
  /** When it expires if nobody decides, ISO 8601, in the future. */
  expiresAt?: string;
}

/**
 * An approver's decision.
 *
 * @public
 */
export interface ApprovalDecision {
  /** `approve` or `reject`. */
  decision: 'approve' | 'reject';
  /** Why; required to reject. */
  reason?: string;
}
