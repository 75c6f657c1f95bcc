import { AuditorService, AuthService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { CallContext } from './types';

/**
 * Runs a cost change as one medium-severity audit event through the suite's
 * {@link CallAuditor}: the request, actor and outcome recorded, `successMeta`
 * adding what the change produced.
 */
export async function withAudit<T>(
  services: { auditor: AuditorService; auth: AuthService },
  event: {
    eventId: string;
    ctx: CallContext;
    meta: JsonObject;
    successMeta?: (result: T) => JsonObject;
  },
  fn: () => Promise<T>,
): Promise<T> {
  return CallAuditor.create(services).run(
    event.ctx,
    {
      eventId: event.eventId,
      severityLevel: 'medium',
      meta: event.meta,
      successMeta: event.successMeta,
    },
    fn,
  );
}

/** The acting user's ref, or `service` for a service caller. */
export function actorOf(auth: AuthService, ctx: CallContext): string {
  return auth.isPrincipal(ctx.credentials, 'user')
    ? ctx.credentials.principal.userEntityRef
    : 'service';
}
