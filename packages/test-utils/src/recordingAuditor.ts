import { mockServices } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';

/** One audit event as {@link recordingAuditor} records it when it ends. */
export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: string;
  status: 'succeeded' | 'failed';
  /** The event's meta, with what `success` or `fail` added over it. */
  meta?: JsonObject;
  /** The message of the error a failed event carried. */
  error?: string;
}

/**
 * An auditor that records each event when it succeeds or fails, in that
 * order: tests assert what a call left in the audit log.
 */
export function recordingAuditor() {
  const events: RecordedAuditEvent[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async event => ({
      success: async result => {
        events.push({
          eventId: event.eventId,
          severityLevel: event.severityLevel,
          status: 'succeeded',
          meta: { ...event.meta, ...result?.meta },
        });
      },
      fail: async result => {
        events.push({
          eventId: event.eventId,
          severityLevel: event.severityLevel,
          status: 'failed',
          meta: { ...event.meta, ...result.meta },
          error: result.error.message,
        });
      },
    }),
  });
  return { auditor, events };
}
