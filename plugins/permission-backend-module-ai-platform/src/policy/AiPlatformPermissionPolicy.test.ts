import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { AiPlatformPermissionPolicy } from './AiPlatformPermissionPolicy';
import { PermissionDecider } from './types';

const gpuCreate = createPermission({
  name: 'gpu.request.create',
  attributes: { action: 'create' },
});
const gpuApprove = createPermission({
  name: 'gpu.request.approve',
  attributes: { action: 'update' },
});
const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
});

const user: PolicyQueryUser = {
  credentials: mockCredentials.user('user:default/ana.assistant'),
  info: {
    userEntityRef: 'user:default/ana.assistant',
    ownershipEntityRefs: ['group:default/conversational-ai'],
  },
};

/** Denies everything it owns, so tests can see who decided. */
function denyingDecider(name: string, owned: Permission[]): PermissionDecider {
  return {
    name,
    owns: p => owned.some(o => o.name === p.name),
    decide: async () => ({ result: AuthorizeResult.DENY }),
  };
}

describe('AiPlatformPermissionPolicy', () => {
  const logger = mockServices.logger.mock();

  it('denies permissions that no decider owns and warns once per name', async () => {
    const warnings = mockServices.logger.mock();
    const policy = AiPlatformPermissionPolicy.create({
      deciders: [denyingDecider('gpu', [gpuCreate])],
      logger: warnings,
    });
    for (let i = 0; i < 3; i++) {
      await expect(
        policy.handle({ permission: catalogRead }, user),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    }
    await expect(policy.handle({ permission: catalogRead })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(warnings.warn).toHaveBeenCalledTimes(1);
    expect(warnings.warn).toHaveBeenCalledWith(
      expect.stringContaining('no rule of the portal policy owns'),
      { permission: 'catalog.entity.read' },
    );
  });

  it('stops warning after a thousand unknown names', async () => {
    const warnings = mockServices.logger.mock();
    const policy = AiPlatformPermissionPolicy.create({
      deciders: [],
      logger: warnings,
    });
    for (let i = 0; i < 1100; i++) {
      const decision = await policy.handle(
        {
          permission: createPermission({
            name: `made.up.${i}`,
            attributes: {},
          }),
        },
        user,
      );
      expect(decision).toEqual({ result: AuthorizeResult.DENY });
    }
    // 1000 names, then one warning that the rest are not logged.
    expect(warnings.warn).toHaveBeenCalledTimes(1001);
    expect(warnings.warn).toHaveBeenLastCalledWith(
      expect.stringContaining('further ones are denied without a warning'),
      { limit: 1000 },
    );
  });

  it('lets the owning decider decide', async () => {
    const policy = AiPlatformPermissionPolicy.create({
      deciders: [denyingDecider('gpu', [gpuCreate])],
      logger,
    });
    await expect(
      policy.handle({ permission: gpuCreate }, user),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('asks deciders in order and stops at the first owner', async () => {
    const second: PermissionDecider = {
      name: 'second',
      owns: () => true,
      decide: jest.fn(
        async (): Promise<PolicyDecision> => ({
          result: AuthorizeResult.ALLOW,
        }),
      ),
    };
    const policy = AiPlatformPermissionPolicy.create({
      deciders: [denyingDecider('first', [gpuApprove]), second],
      logger,
    });

    await expect(
      policy.handle({ permission: gpuApprove }, user),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    expect(second.decide).not.toHaveBeenCalled();

    await expect(
      policy.handle({ permission: gpuCreate }, user),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    expect(second.decide).toHaveBeenCalledTimes(1);
  });

  it('refuses two deciders with the same name', () => {
    expect(() =>
      AiPlatformPermissionPolicy.create({
        deciders: [denyingDecider('gpu', []), denyingDecider('gpu', [])],
        logger,
      }),
    ).toThrow("Duplicate permission decider name 'gpu'");
  });
});
