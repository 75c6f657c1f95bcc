import { namespaceName } from './namespaceName';

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('namespaceName', () => {
  it.each([
    [
      { team: 'group:default/ml-platform', requestId: '1a2b3c4d-5e6f' },
      'gpu-ml-platform-1a2b3c4d',
    ],
    [
      {
        team: 'group:default/conversational-ai',
        entityRef: 'component:default/assistant-api',
        requestId: 'abcdef0123',
      },
      'gpu-conversational-ai-assistant-api-abcdef01',
    ],
    [
      { team: 'group:default/Data_Science.Team', requestId: 'ff00ff00ff' },
      'gpu-data-science-team-ff00ff00',
    ],
  ])('builds %j', (input, expected) => {
    expect(namespaceName(input)).toBe(expected);
  });

  it.each([
    'group:default/$(rm -rf /)',
    'group:default/"; DROP TABLE grants; --',
    'group:default/a{b}c",namespace="kube-system',
    `group:default/${'x'.repeat(300)}`,
    'group:default/---',
    'group:default/ünïcødé',
  ])('is always a valid, bounded RFC 1123 label for team %p', team => {
    const name = namespaceName({
      team,
      entityRef: `component:default/${team.slice(14)}`,
      requestId: 'deadbeefcafe',
    });
    expect(name).toMatch(RFC1123_LABEL);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name.endsWith('-deadbeef')).toBe(true);
  });
});
