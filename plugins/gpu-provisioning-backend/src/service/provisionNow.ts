import { LoggerService } from '@backstage/backend-plugin-api';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantStore } from '../database/types';
import { GrantLifecycle } from './types';

/**
 * Provisions an approved request now. If that fails, the request stays
 * approved with the error recorded and the lifecycle loop retries it, so
 * the caller still gets the request.
 */
export async function provisionNow(
  request: GpuRequest,
  deps: {
    lifecycle: GrantLifecycle;
    store: Pick<GrantStore, 'get'>;
    logger: LoggerService;
  },
): Promise<GpuRequest> {
  try {
    return await deps.lifecycle.provision(request);
  } catch (error) {
    deps.logger.warn('Provisioning failed; the lifecycle loop retries it', {
      requestId: request.id,
      error: String(error),
    });
    return (await deps.store.get(request.id)) ?? request;
  }
}
