import { createPermissionRule } from '@backstage/plugin-permission-node';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { COST_RULES } from '@ai-platform/plugin-cost-common';
import { z } from 'zod';
import { costSubjectResourceRef } from './costSubjectResourceRef';

const params = z.object({
  groupRefs: z
    .array(z.string())
    .describe('Group entity refs, e.g. group:default/products'),
});

/** Group refs as comparison keys (case-insensitive, default namespace filled). */
const lower = (refs: string[]) =>
  refs.map(r => {
    try {
      return entityRefKey(r, { defaultKind: 'group' });
    } catch {
      return r.toLocaleLowerCase('en-US');
    }
  });

/**
 * `IS_TEAM_OR_ANCESTOR`: the subject's team, or one of its ancestors, is one
 * of the given groups.
 *
 * @alpha
 */
export const isTeamOrAncestor = createPermissionRule({
  name: COST_RULES.IS_TEAM_OR_ANCESTOR,
  description:
    'Allow costs of teams the user belongs to and of the teams below them',
  resourceRef: costSubjectResourceRef,
  paramsSchema: params,
  apply: (subject, { groupRefs }) => {
    const groups = new Set(lower(groupRefs));
    return [subject.team, ...subject.ancestors].some(
      g => g !== null && groups.has(g),
    );
  },
  toQuery: ({ groupRefs }) => ({
    rule: COST_RULES.IS_TEAM_OR_ANCESTOR,
    groupRefs,
  }),
});

/**
 * `IS_ANCESTOR`: a group above the subject's team is one of the given groups.
 *
 * @alpha
 */
export const isAncestor = createPermissionRule({
  name: COST_RULES.IS_ANCESTOR,
  description: 'Allow managers: members of a group above the team',
  resourceRef: costSubjectResourceRef,
  paramsSchema: params,
  apply: (subject, { groupRefs }) => {
    const groups = new Set(lower(groupRefs));
    const above =
      subject.team === subject.ref
        ? subject.ancestors
        : [subject.team, ...subject.ancestors];
    return above.some(g => g !== null && groups.has(g));
  },
  toQuery: ({ groupRefs }) => ({ rule: COST_RULES.IS_ANCESTOR, groupRefs }),
});

/** The permission rules of cost subjects. @alpha */
export const costPermissionRules = { isTeamOrAncestor, isAncestor };
