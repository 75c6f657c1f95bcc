import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEventSeverityLevel,
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';

/** Errors that answer the caller (a 4xx), as opposed to faults of the portal. */
const REFUSALS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
]);

/**
 * The error an audit event records. A refusal (over quota, not allowed, bad
 * input) is recorded by its name and message: its stack trace tells an
 * auditor nothing, and formatting it for the log line is much of a refused
 * call's cost when many are refused at once (200 requests past a quota,
 * issue 16). A fault keeps its stack, to be diagnosed.
 */
function auditedError(error: unknown): Error {
  if (isError(error) && REFUSALS.has(error.name)) {
    return { name: error.name, message: error.message };
  }
  return error as Error;
}

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
      await event.fail({ error: auditedError(error) });
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
