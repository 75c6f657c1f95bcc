import { AuthService, RootConfigService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogGroupLookup } from './catalogGroupLookup';
import { complianceDecider } from './complianceDecider';
import { costDecider } from './costDecider';
import { gpuProvisioningDecider } from './gpuProvisioningDecider';
import { PermissionDecider } from './types';

/**
 * The deciders of the suite's plugin families, in the order they are asked.
 *
 * @remarks
 * A plugin family that adds permissions adds its decider here, built from the
 * permission list and condition builders in its `-common` package.
 */
export function portalDeciders(options: {
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
}): PermissionDecider[] {
  const groupsOf = catalogGroupLookup({
    catalog: options.catalog,
    auth: options.auth,
  });
  return [
    gpuProvisioningDecider({
      approvers:
        options.config.getOptionalStringArray('gpuProvisioning.approvers') ??
        [],
      groupsOf,
    }),
    costDecider({
      admins: options.config.getOptionalStringArray('cost.admins') ?? [],
      groupsOf,
    }),
    complianceDecider({
      approvers:
        options.config.getOptionalStringArray('compliance.approvers') ?? [],
      groupsOf,
    }),
  ];
}
