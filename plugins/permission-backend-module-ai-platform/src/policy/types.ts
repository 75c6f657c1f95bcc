import {
  PolicyDecision,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/**
 * One plugin family's share of the portal's permission policy.
 *
 * @remarks
 * A decider answers only for the permissions it owns and returns `undefined`
 * for every other one, so deciders compose without knowing about each other.
 *
 * @public
 */
export interface PermissionDecider {
  /** A short name used in logs, for example `gpu-provisioning`. */
  readonly name: string;
  /** Whether this decider owns the permission. */
  owns(permission: Permission): boolean;
  /** The decision for a permission this decider owns. */
  decide(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision>;
}
