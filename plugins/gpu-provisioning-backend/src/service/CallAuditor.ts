import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/** One audited call. */
export interface AuditedCall<T> {
  /** Kebab-case event id, e.g. `gpu-request-create`. */
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
  static create(options: {
    auditor: AuditorService;
    auth: AuthService;
  }): CallAuditor {
    return new CallAuditor(options.auditor, options.auth);
  }

  private constructor(
    private readonly auditor: AuditorService,
    private readonly auth: AuthService,
  ) {}

  /** Runs `fn` inside an audit event: success with `successMeta`, or fail with the error, rethrown. */
  async run<T>(
    credentials: BackstageCredentials,
    call: AuditedCall<T>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const actor = this.actorOf(credentials);
    const event = await this.auditor.createEvent({
      eventId: call.eventId,
      severityLevel: call.severityLevel,
      meta: { ...call.meta, ...(actor ? { actor } : {}) },
    });
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    await event.success(
      call.successMeta ? { meta: call.successMeta(result) } : undefined,
    );
    return result;
  }

  private actorOf(credentials: BackstageCredentials): string | undefined {
    if (this.auth.isPrincipal(credentials, 'user')) {
      return credentials.principal.userEntityRef;
    }
    if (this.auth.isPrincipal(credentials, 'service')) {
      return credentials.principal.subject;
    }
    return undefined;
  }
}
