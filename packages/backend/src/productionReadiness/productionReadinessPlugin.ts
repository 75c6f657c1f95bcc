import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { checkProductionConfig, isProduction } from './checkProductionConfig';

/**
 * Refuses to start a production backend whose config lacks what production
 * needs (see {@link checkProductionConfig}), naming each missing setting; in
 * development it only logs them.
 */
export const productionReadinessPlugin = createBackendPlugin({
  pluginId: 'production-readiness',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ config, logger }) {
        const problems = checkProductionConfig(config);
        if (problems.length === 0) return;
        const list = problems.map(p => `${p.key}: ${p.message}`);
        if (isProduction(config)) {
          throw new Error(
            `The portal cannot start in production: ${list.join('; ')}`,
          );
        }
        logger.info('Not production-ready (fine for the embedded default)', {
          problems: list,
        });
      },
    });
  },
});
