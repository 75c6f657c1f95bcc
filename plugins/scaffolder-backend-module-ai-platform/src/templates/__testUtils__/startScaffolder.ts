import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModuleAiPlatform } from '../../module';
import { catalogEntities } from '../__fixtures__/catalogEntities';

/** The real scaffolder backend with this module's actions and the sample catalog. */
export async function startScaffolder(options: { config?: JsonObject } = {}) {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleAiPlatform,
      catalogServiceMock.factory({ entities: catalogEntities }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          ...options.config,
        },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.user('user:default/guest'),
      }),
    ],
  });
  return server;
}
