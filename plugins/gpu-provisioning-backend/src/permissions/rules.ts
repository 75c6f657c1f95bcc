import { createPermissionRule } from '@backstage/plugin-permission-node';
import { GPU_REQUEST_RULES } from '@ai-platform/plugin-gpu-provisioning-common';
import { z } from 'zod';
import { gpuRequestPermissionResourceRef } from './gpuRequestPermissionResourceRef';

/**
 * `IS_REQUESTER`: the request was made by one of the given users.
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
  apply: (request, { userRefs }) => userRefs.includes(request.requestedBy),
  toQuery: ({ userRefs }) => ({ property: 'requestedBy', values: userRefs }),
});

/**
 * `IS_TEAM`: the request is for one of the given teams.
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
  apply: (request, { teamRefs }) => teamRefs.includes(request.team),
  toQuery: ({ teamRefs }) => ({ property: 'team', values: teamRefs }),
});

/**
 * The permission rules of GPU requests.
 *
 * @alpha
 */
export const gpuRequestPermissionRules = { isRequester, isTeam };
