import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { PermissionDecider } from './types';

/**
 * How many distinct unknown permission names are warned about; past it one
 * last warning says the rest are not logged, so callers inventing names
 * cannot grow memory or flood the log.
 */
const MAX_WARNED_UNKNOWN = 1000;

/**
 * The AI Platform Portal's permission policy: deny by default.
 *
 * @remarks
 * Backstage's core permission families and each plugin family of the suite
 * contribute a {@link PermissionDecider}. The first decider that owns a
 * permission decides it. A permission no decider owns is denied, and a
 * warning names it (once per permission name), so a plugin added to the
 * backend without rules shows up in the log instead of being open to all.
 *
 * @public
 */
export class AiPlatformPermissionPolicy implements PermissionPolicy {
  private readonly deciders: PermissionDecider[];
  private readonly logger: LoggerService;
  private readonly warnedUnknown = new Set<string>();

  static create(options: {
    deciders: PermissionDecider[];
    logger: LoggerService;
  }): AiPlatformPermissionPolicy {
    const names = new Set<string>();
    for (const decider of options.deciders) {
      if (names.has(decider.name)) {
        throw new Error(`Duplicate permission decider name '${decider.name}'`);
      }
      names.add(decider.name);
    }
    return new AiPlatformPermissionPolicy(options.deciders, options.logger);
  }

  private constructor(deciders: PermissionDecider[], logger: LoggerService) {
    this.deciders = deciders;
    this.logger = logger;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const decider = this.deciders.find(d => d.owns(permission));
    if (!decider) {
      this.warnUnknown(permission.name);
      return { result: AuthorizeResult.DENY };
    }
    const decision = await decider.decide(request, user);
    if (decision.result === AuthorizeResult.DENY) {
      this.logger.debug('Permission denied', {
        permission: permission.name,
        decider: decider.name,
        user: user?.info.userEntityRef,
      });
    }
    return decision;
  }

  private warnUnknown(name: string) {
    if (this.warnedUnknown.has(name)) return;
    if (this.warnedUnknown.size > MAX_WARNED_UNKNOWN) return;
    this.warnedUnknown.add(name);
    if (this.warnedUnknown.size > MAX_WARNED_UNKNOWN) {
      this.logger.warn(
        'Denied more unknown permissions than are logged; further ones are denied without a warning',
        { limit: MAX_WARNED_UNKNOWN },
      );
      return;
    }
    this.logger.warn(
      'Denied a permission that no rule of the portal policy owns; add a decider for its plugin family',
      // The name comes from the caller: keep the log line short.
      { permission: name.slice(0, 200) },
    );
  }
}
