import { AuthService, RootConfigService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { approvalsDecider } from './approvalsDecider';
import { catalogDecider } from './catalogDecider';
import { catalogGroupLookup } from './catalogGroupLookup';
import { complianceDecider } from './complianceDecider';
import { costDecider } from './costDecider';
import { EntityRefSet } from './EntityRefSet';
import { gpuMetricsDecider } from './gpuMetricsDecider';
import { gpuProvisioningDecider } from './gpuProvisioningDecider';
import { kubernetesDecider } from './kubernetesDecider';
import { scaffolderDecider } from './scaffolderDecider';
import { CoreAdmins } from './tableDecider';
import { PermissionDecider } from './types';

/**
 * The deciders of the portal: Backstage's core permission families, then the
 * suite's plugin families, in the order they are asked. A permission none of
 * them owns is denied by the policy.
 *
 * @remarks
 * A plugin family that adds permissions adds its decider here, built from the
 * permission list and condition builders in its `-common` package. Every
 * configured list of users and groups is read here, so a malformed entry
 * stops the backend at startup with the config key in the message.
 */
export function portalDeciders(options: {
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
}): PermissionDecider[] {
  const { config } = options;
  const groupsOf = catalogGroupLookup({
    catalog: options.catalog,
    auth: options.auth,
  });
  const admins: CoreAdmins = {
    platformAdmins: EntityRefSet.fromConfig(
      config,
      'aiPlatform.permissions.platformAdmins',
    ),
    catalogAdmins: EntityRefSet.fromConfig(
      config,
      'aiPlatform.permissions.catalogAdmins',
    ),
    groupsOf,
  };
  return [
    catalogDecider(admins),
    scaffolderDecider(admins),
    kubernetesDecider(admins),
    gpuProvisioningDecider({
      approvers: EntityRefSet.fromConfig(config, 'gpuProvisioning.approvers'),
      groupsOf,
    }),
    gpuMetricsDecider({
      fleetViewers: EntityRefSet.fromConfig(config, 'gpuMetrics.fleetViewers'),
      platformAdmins: admins.platformAdmins,
      groupsOf,
    }),
    costDecider({
      admins: EntityRefSet.fromConfig(config, 'cost.admins'),
      groupsOf,
    }),
    complianceDecider({
      approvers: EntityRefSet.fromConfig(config, 'compliance.approvers'),
      groupsOf,
    }),
    approvalsDecider(),
  ];
}
