import { CostGroupsResponse } from '@ai-platform/plugin-cost-common';
import { CostOrganisation } from '../catalog/CostOrganisation';
import { CostAccess } from './CostAccess';
import { CallContext, CostGroupsService } from './types';

/** The catalog's groups, filtered to those whose costs the caller may read. */
export class CostGroups implements CostGroupsService {
  static create(options: {
    organisation: CostOrganisation;
    access: CostAccess;
  }): CostGroups {
    return new CostGroups(options);
  }

  private constructor(
    private readonly options: {
      organisation: CostOrganisation;
      access: CostAccess;
    },
  ) {}

  async groups(ctx: CallContext): Promise<CostGroupsResponse> {
    const { organisation, access } = this.options;
    const groups = [...(await organisation.groups()).values()];
    const readable = await access.mayRead(
      groups.map(g => g.ref),
      ctx,
    );
    return {
      groups: groups
        .filter((_, i) => readable[i])
        .sort((a, b) => a.ref.localeCompare(b.ref)),
    };
  }
}
