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

  it('allows permissions that no decider owns', async () => {
    const policy = AiPlatformPermissionPolicy.create({
      deciders: [denyingDecider('gpu', [gpuCreate])],
      logger,
    });
    await expect(
      policy.handle({ permission: catalogRead }, user),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
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
