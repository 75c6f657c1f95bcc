import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { CallAuditor } from './CallAuditor';

type Recorded = AuditorServiceCreateEventOptions & {
  outcome?: 'success' | 'fail';
  successMeta?: JsonObject;
  error?: Error;
};

/** An auditor that keeps what it was asked to record. */
function recordingAuditor() {
  const events: Recorded[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const event: Recorded = { ...options };
      events.push(event);
      return {
        async success(params) {
          event.outcome = 'success';
          if (params?.meta) event.successMeta = params.meta;
        },
        async fail(params) {
          event.outcome = 'fail';
          event.error = params.error;
        },
      };
    },
  };
  return {
    events,
    audit: CallAuditor.create({ auditor, auth: mockServices.auth() }),
  };
}

describe('CallAuditor', () => {
  it('records the user as actor, the HTTP request as received, and what the call produced', async () => {
    const { audit, events } = recordingAuditor();
    const request = { method: 'POST', url: '/waivers' } as any;
    const result = await audit.run(
      {
        credentials: mockCredentials.user('user:default/priya.platform'),
        auditRequest: request,
      },
      {
        eventId: 'waiver-create',
        severityLevel: 'medium',
        meta: { checkId: 'catalog-on-call' },
        successMeta: (id: string) => ({ waiverId: id }),
      },
      async () => 'w-1',
    );
    expect(result).toBe('w-1');
    expect(events).toEqual([
      {
        eventId: 'waiver-create',
        severityLevel: 'medium',
        request,
        meta: {
          checkId: 'catalog-on-call',
          actor: 'user:default/priya.platform',
        },
        outcome: 'success',
        successMeta: { waiverId: 'w-1' },
      },
    ]);
    expect(events[0].request).toBe(request);
  });

  it('records a service as actor without a request, and a failure that it rethrows', async () => {
    const { audit, events } = recordingAuditor();
    const refusal = new NotAllowedError('no');
    await expect(
      audit.run(
        { credentials: mockCredentials.service('plugin:catalog') },
        { eventId: 'evaluation-run', severityLevel: 'low' },
        async () => {
          throw refusal;
        },
      ),
    ).rejects.toBe(refusal);
    expect(events).toEqual([
      {
        eventId: 'evaluation-run',
        severityLevel: 'low',
        request: undefined,
        meta: { actor: 'plugin:catalog' },
        outcome: 'fail',
        error: { name: 'NotAllowedError', message: 'no' },
      },
    ]);
    // A refusal is recorded without its stack trace: never formatted.
    expect(events[0].error).not.toHaveProperty('stack');
  });

  it('records a fault with its stack, to be diagnosed', async () => {
    const { audit, events } = recordingAuditor();
    const fault = new Error('connection reset');
    await expect(
      audit.run(
        { credentials: mockCredentials.user() },
        { eventId: 'gpu-request-create', severityLevel: 'medium' },
        async () => {
          throw fault;
        },
      ),
    ).rejects.toBe(fault);
    expect(events[0].error).toBe(fault);
    expect(events[0].error?.stack).toContain('connection reset');
  });
});
