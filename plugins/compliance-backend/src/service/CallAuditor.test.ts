import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { recordingAuditor } from '../__testUtils__/createTestService';
import { CallAuditor } from './CallAuditor';

describe('CallAuditor', () => {
  function setUp() {
    const { auditor, events } = recordingAuditor();
    return {
      audit: CallAuditor.create({ auditor, auth: mockServices.auth() }),
      events,
    };
  }

  it('records the user as actor and the outcome of a call', async () => {
    const { audit, events } = setUp();
    const result = await audit.run(
      { credentials: mockCredentials.user('user:default/priya.platform') },
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
        meta: {
          checkId: 'catalog-on-call',
          actor: 'user:default/priya.platform',
        },
        outcome: 'success',
      },
    ]);
  });

  it('records a service as actor, and a failure that it rethrows', async () => {
    const { audit, events } = setUp();
    await expect(
      audit.run(
        { credentials: mockCredentials.service('plugin:catalog') },
        { eventId: 'evaluation-run', severityLevel: 'low' },
        async () => {
          throw new NotAllowedError('no');
        },
      ),
    ).rejects.toThrow(NotAllowedError);
    expect(events).toEqual([
      {
        eventId: 'evaluation-run',
        meta: { actor: 'plugin:catalog' },
        outcome: 'fail',
      },
    ]);
  });
});
