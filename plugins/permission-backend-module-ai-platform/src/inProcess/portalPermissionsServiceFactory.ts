import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import { AiPlatformPermissionPolicy } from '../policy/AiPlatformPermissionPolicy';
import { portalDeciders } from '../policy/deciders';
import { PolicyPermissionsService } from './PolicyPermissionsService';

/**
 * The permissions service every plugin gets, with the portal policy decided
 * in the plugin's own process for signed-in users.
 *
 * @remarks
 * Add it to a backend that also runs the permission backend with this
 * module: both ask the same policy, built from the same configuration, so
 * every decision is the one the permission backend would give (a test holds
 * them equal over the whole policy matrix). It saves a loopback HTTP call and
 * a token signature and verification per check, the largest share of a GPU
 * request's CPU time. Service callers, disabled permissions and conditions
 * on a resource ref still go through Backstage's own client.
 *
 * @public
 */
export const portalPermissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
    logger: coreServices.logger,
    userInfo: coreServices.userInfo,
    catalog: catalogServiceRef,
  },
  async factory({ auth, config, discovery, logger, userInfo, catalog }) {
    return PolicyPermissionsService.create({
      policy: AiPlatformPermissionPolicy.create({
        deciders: portalDeciders({ config, catalog, auth }),
        logger,
      }),
      auth,
      userInfo,
      remote: ServerPermissionClient.fromConfig(config, { auth, discovery }),
      enabled: config.getOptionalBoolean('permission.enabled') ?? false,
    });
  },
});
