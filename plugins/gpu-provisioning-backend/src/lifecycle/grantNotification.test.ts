import { testRequest } from '../kubernetes/__testUtils__/testRequest';
import { GrantNotificationKind, grantNotification } from './grantNotification';

describe('grantNotification', () => {
  const request = testRequest({
    status: 'active',
    namespace: 'gpu-ml-platform-12345678',
    migProfile: '1g.10gb',
    count: 3,
    expiresAt: '2026-03-04T08:00:00.000Z',
    lastError: 'Could not apply RoleBinding/gpu-grant-team: 500: boom',
  });

  it.each<[GrantNotificationKind, string, string, RegExp]>([
    [
      'expiry-warning',
      'gpu-grant-expiry',
      'normal',
      /expires at 2026-03-04T08:00:00.000Z/,
    ],
    [
      'namespace-missing',
      'gpu-grant-namespace-missing',
      'high',
      /gpu-ml-platform-12345678 was deleted/,
    ],
    ['provisioning-failed', 'gpu-grant-failed', 'high', /500: boom/],
  ])(
    'tells the requester and the team about %s',
    (kind, topic, severity, description) => {
      const { recipients, payload } = grantNotification(kind, request);
      expect(recipients).toEqual({
        type: 'entity',
        entityRef: ['user:default/jane.doe', 'group:default/ml-platform'],
      });
      expect(payload).toMatchObject({ topic, severity, link: '/gpu' });
      expect(payload.title).toContain('3 × h100/1g.10gb on gpu-prod');
      expect(payload.description).toMatch(description);
    },
  );
});
