import { AI_PLATFORM_ANNOTATIONS } from '@ai-platform/plugin-ai-platform-common';
import { memoizeFor } from '@ai-platform/plugin-ai-platform-node';
import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TeamInfoLookup } from '../types';

/** The annotation on a Group entity that holds the team's cost centre. */
export const COST_CENTER_ANNOTATION = AI_PLATFORM_ANNOTATIONS.costCenter;

/** How long a team's name and cost centre are reused: they rarely change. */
const TEAM_INFO_TTL_MS = 60_000;

/**
 * Looks a team up in the catalog with the plugin's own credentials: its name
 * (`metadata.name`) and cost centre (the `ai-platform.io/cost-center`
 * annotation). A team missing from the catalog is named after its ref.
 * Answers are reused for a minute, so a burst of grants for one team costs
 * one catalog call.
 */
export function catalogTeamInfo(options: {
  catalog: CatalogService;
  auth: AuthService;
}): TeamInfoLookup {
  return memoizeFor(lookUp(options), {
    keyOf: teamRef => teamRef,
    ttlMs: TEAM_INFO_TTL_MS,
  });
}

function lookUp(options: {
  catalog: CatalogService;
  auth: AuthService;
}): TeamInfoLookup {
  return async teamRef => {
    const entity = await options.catalog.getEntityByRef(teamRef, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
    const costCenter = entity?.metadata.annotations?.[COST_CENTER_ANNOTATION];
    return {
      teamName: entity?.metadata.name ?? parseEntityRef(teamRef).name,
      ...(costCenter ? { costCenter } : {}),
    };
  };
}
