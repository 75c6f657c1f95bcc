import { namespaceName } from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantSpec } from '../../types';
import { testRequest } from './testRequest';

/** A grant of ml-platform for a {@link testRequest}, with its namespace set. */
export function testGrant(
  overrides: Parameters<typeof testRequest>[0] = {},
): GrantSpec {
  const request = testRequest(overrides);
  return {
    request: {
      ...request,
      namespace: namespaceName({
        team: request.team,
        entityRef: request.entityRef,
        requestId: request.id,
      }),
    },
    teamName: 'ml-platform',
    costCenter: 'CC-4711',
  };
}
