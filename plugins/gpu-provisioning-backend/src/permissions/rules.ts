import { createPermissionRule } from '@backstage/plugin-permission-node';
import { GPU_REQUEST_RULES } from '@ai-platform/plugin-gpu-provisioning-common';
import { z } from 'zod';
import { entityRefKeys } from '@ai-platform/plugin-ai-platform-node';
import { gpuRequestPermissionResourceRef } from './gpuRequestPermissionResourceRef';

/**
 * `IS_REQUESTER`: the request was made by one of the given users (refs
 * compared case-insensitively).
 *
 * @alpha
 */
export const isRequester = createPermissionRule({
  name: GPU_REQUEST_RULES.IS_REQUESTER,
  description: 'Allow GPU requests made by one of the given users',
  resourceRef: gpuRequestPermissionResourceRef,
  paramsSchema: z.object({
    userRefs: z
      .array(z.string())
      .describe('User entity refs, e.g. user:default/ana'),
  }),
  apply: (request, { userRefs }) =>
    entityRefKeys(userRefs).includes(entityRefKeys([request.requestedBy])[0]),
  // The store compares refs case-insensitively.
  toQuery: ({ userRefs }) => ({
    property: 'requestedBy',
    values: entityRefKeys(userRefs),
  }),
});

/**
 * `IS_TEAM`: the request is for one of the given teams (refs compared
 * case-insensitively).
 *
 * @alpha
 */
export const isTeam = createPermissionRule({
  name: GPU_REQUEST_RULES.IS_TEAM,
  description: 'Allow GPU requests for one of the given teams',
  resourceRef: gpuRequestPermissionResourceRef,
  paramsSchema: z.object({
    teamRefs: z
      .array(z.string())
      .describe('Group entity refs, e.g. group:default/ml-platform'),
  }),
  apply: (request, { teamRefs }) =>
    entityRefKeys(teamRefs, { defaultKind: 'group' }).includes(
      entityRefKeys([request.team], { defaultKind: 'group' })[0],
    ),
  // The store compares refs case-insensitively.
  toQuery: ({ teamRefs }) => ({
    property: 'team',
    values: entityRefKeys(teamRefs, { defaultKind: 'group' }),
  }),
});

/**
 * The permission rules of GPU requests.
 *
 * @alpha
 */
export const gpuRequestPermissionRules = { isRequester, isTeam };
