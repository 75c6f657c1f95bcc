import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { suitePermissions } from './suitePermissions';

const waiverCreate = createPermission({
  name: 'compliance.waiver.create',
  attributes: { action: 'create' },
});
const madeUp = createPermission({ name: 'made.up.permission', attributes: {} });
const APPROVER = 'user:default/priya';
const OTHER = 'user:default/ana';

describe('suitePermissions', () => {
  it('decides with the portal policy, its config and the declared memberships', async () => {
    const permissions = await suitePermissions({
      config: { compliance: { approvers: ['group:default/Platform'] } },
      memberships: { [APPROVER]: ['group:default/platform'] },
    });
    const decide = async (
      credentials: ReturnType<typeof mockCredentials.user>,
    ) =>
      (
        await permissions.authorize([{ permission: waiverCreate }], {
          credentials,
        })
      )[0].result;

    expect(await decide(mockCredentials.user(APPROVER))).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(mockCredentials.user(OTHER))).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('denies what no decider owns and callers without identity, and allows services', async () => {
    const permissions = await suitePermissions();
    const [unknown] = await permissions.authorize([{ permission: madeUp }], {
      credentials: mockCredentials.user(APPROVER),
    });
    const [anonymous] = await permissions.authorize(
      [{ permission: waiverCreate }],
      { credentials: mockCredentials.none() },
    );
    const [service] = await permissions.authorize([{ permission: madeUp }], {
      credentials: mockCredentials.service(),
    });
    expect(unknown.result).toBe(AuthorizeResult.DENY);
    expect(anonymous.result).toBe(AuthorizeResult.DENY);
    expect(service.result).toBe(AuthorizeResult.ALLOW);
  });
});
