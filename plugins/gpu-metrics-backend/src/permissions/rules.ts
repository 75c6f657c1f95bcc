import { createPermissionRule } from '@backstage/plugin-permission-node';
import { GPU_USAGE_RULES } from '@ai-platform/plugin-gpu-metrics-common';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { z } from 'zod';
import { gpuUsageSubjectResourceRef } from './gpuUsageSubjectResourceRef';

function keyOrSelf(ref: string): string {
  try {
    return entityRefKey(ref, { defaultKind: 'group' });
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}

/**
 * `IS_TEAM_OR_ANCESTOR`: the subject's team, or one of the groups above it,
 * is one of the given groups (compared case-insensitively).
 */
export const isTeamOrAncestor = createPermissionRule({
  name: GPU_USAGE_RULES.IS_TEAM_OR_ANCESTOR,
  description:
    'Allow the GPU usage of teams the user belongs to and of the teams below them',
  resourceRef: gpuUsageSubjectResourceRef,
  paramsSchema: z.object({
    groupRefs: z
      .array(z.string())
      .describe('Group entity refs, e.g. group:default/ml-platform'),
  }),
  apply: (subject, { groupRefs }) => {
    const groups = new Set(groupRefs.map(keyOrSelf));
    return [subject.team, ...subject.ancestors].some(
      g => g !== null && groups.has(g),
    );
  },
  toQuery: ({ groupRefs }) => ({
    rule: GPU_USAGE_RULES.IS_TEAM_OR_ANCESTOR,
    groupRefs,
  }),
});

/** The permission rules of GPU usage subjects. */
export const gpuUsagePermissionRules = [isTeamOrAncestor];
