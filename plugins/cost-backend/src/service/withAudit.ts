import { AuditorService, AuthService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { CallContext } from './types';

/**
 * Runs a change as one audit event (medium severity) that succeeds or fails
 * with it. The acting user, from the caller's credentials, is added to the
 * event's metadata; `successMeta` adds what the change produced.
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
  const { credentials, auditRequest } = event.ctx;
  const auditorEvent = await services.auditor.createEvent({
    eventId: event.eventId,
    severityLevel: 'medium',
    request: auditRequest,
    meta: {
      ...event.meta,
      ...(services.auth.isPrincipal(credentials, 'user')
        ? { actor: credentials.principal.userEntityRef }
        : {}),
    },
  });
  try {
    const result = await fn();
    await auditorEvent.success(
      event.successMeta ? { meta: event.successMeta(result) } : undefined,
    );
    return result;
  } catch (error) {
    await auditorEvent.fail({ error: error as Error });
    throw error;
  }
}

/** The acting user's ref, or `service` for a service caller. */
export function actorOf(auth: AuthService, ctx: CallContext): string {
  return auth.isPrincipal(ctx.credentials, 'user')
    ? ctx.credentials.principal.userEntityRef
    : 'service';
}
