import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { GpuClassCatalog } from './GpuClassCatalog';

/**
 * The suite's {@link GpuClassCatalog}: root-scoped, so
 * `gpuProvisioning.gpuClasses` is read and validated once for every backend.
 *
 * @public
 */
export const aiPlatformGpuClassesServiceRef = createServiceRef<GpuClassCatalog>(
  {
    id: 'ai-platform.gpu-classes',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }) => GpuClassCatalog.fromConfig(config),
      }),
  },
);
