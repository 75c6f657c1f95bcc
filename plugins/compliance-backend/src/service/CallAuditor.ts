import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  AuthService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { CallContext } from './types';

/** One audited call. */
export interface AuditedCall<T> {
  /** Kebab-case event id, e.g. `waiver-create`. */
  eventId: string;
  severityLevel: AuditorServiceEventSeverityLevel;
  meta?: JsonObject;
  /** What the event records when the call succeeds. */
  successMeta?: (result: T) => JsonObject;
}

/**
 * Audits a service call from the caller's credentials, so services need no
 * HTTP request: the actor (user entity ref or service subject) goes into the
 * event's metadata, the outcome follows the call.
 */
export class CallAuditor {
  static create(options: { auditor: AuditorService; auth: AuthService }) {
    return new CallAuditor(options.auditor, options.auth);
  }

  private constructor(
    private readonly auditor: AuditorService,
    private readonly auth: AuthService,
  ) {}

  /** Runs `fn` inside an audit event: success with `successMeta`, or fail with the error, rethrown. */
  async run<T>(
    ctx: CallContext,
    call: AuditedCall<T>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const actor = this.actorOf(ctx);
    const event = await this.auditor.createEvent({
      eventId: call.eventId,
      severityLevel: call.severityLevel,
      meta: { ...call.meta, ...(actor ? { actor } : {}) },
    });
    try {
      const result = await fn();
      await event.success(
        call.successMeta ? { meta: call.successMeta(result) } : undefined,
      );
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  private actorOf({ credentials }: CallContext): string | undefined {
    if (this.auth.isPrincipal(credentials, 'user'))
      return credentials.principal.userEntityRef;
    if (this.auth.isPrincipal(credentials, 'service'))
      return credentials.principal.subject;
    return undefined;
  }
}
