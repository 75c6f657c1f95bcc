import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEventSeverityLevel,
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * Who makes a call, as services see it: the caller's credentials and, for an
 * HTTP call, the request the router received, passed through untouched so the
 * auditor records the user, IP, user agent and URL as Backstage does. Typed
 * by the auditor's own option, so services need no Express import.
 *
 * @public
 */
export interface AuditContext {
  /** The caller's credentials. */
  credentials: BackstageCredentials;
  /** The HTTP request the router received, for calls made over HTTP. */
  auditRequest?: AuditorServiceCreateEventOptions['request'];
}

/**
 * One audited call.
 *
 * @public
 */
export interface AuditedCall<T> {
  /** Kebab-case event id, e.g. `gpu-request-create`. */
  eventId: string;
  /** The event's severity; the auditor's default when absent. */
  severityLevel?: AuditorServiceEventSeverityLevel;
  /** What the event records from the start, such as the ids the call acts on. */
  meta?: JsonObject;
  /** What the event records when the call succeeds. */
  successMeta?: (result: T) => JsonObject;
}

/**
 * Audits service calls, the suite's one way to write audit events: an event
 * opens before the call and succeeds or fails with it (the error rethrown).
 * The actor (user entity ref or service subject) also goes into the event's
 * metadata, so calls without an HTTP request (actions, scheduled work) still
 * say who asked.
 *
 * @public
 */
export class CallAuditor {
  /** An auditor writing through the plugin's `coreServices.auditor`. */
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

  /** Runs `fn` inside an audit event. */
  async run<T>(
    context: AuditContext,
    call: AuditedCall<T>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const actor = this.actorOf(context.credentials);
    const event = await this.auditor.createEvent({
      eventId: call.eventId,
      severityLevel: call.severityLevel,
      request: context.auditRequest,
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
