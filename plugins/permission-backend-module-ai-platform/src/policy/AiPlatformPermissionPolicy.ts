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
 * The AI Platform Portal's permission policy.
 *
 * @remarks
 * Each plugin family of the suite contributes a {@link PermissionDecider}.
 * The first decider that owns a permission decides it; permissions no decider
 * owns (the catalog's, the scaffolder's, ...) are allowed, as with Backstage's
 * allow-all policy, so the portal behaves like a stock Backstage app until a
 * family adds its rules.
 *
 * @public
 */
export class AiPlatformPermissionPolicy implements PermissionPolicy {
  private readonly deciders: PermissionDecider[];
  private readonly logger: LoggerService;

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
    const decider = this.deciders.find(d => d.owns(request.permission));
    if (!decider) {
      return { result: AuthorizeResult.ALLOW };
    }
    const decision = await decider.decide(request, user);
    if (decision.result === AuthorizeResult.DENY) {
      this.logger.debug('Permission denied', {
        permission: request.permission.name,
        decider: decider.name,
        user: user?.info.userEntityRef,
      });
    }
    return decision;
  }
}
