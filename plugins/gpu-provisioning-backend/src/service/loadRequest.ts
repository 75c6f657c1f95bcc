import { NotFoundError } from '@backstage/errors';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantStore } from '../database/types';

/** A stored request, or a `NotFoundError`. */
export async function loadRequest(
  store: Pick<GrantStore, 'get'>,
  id: string,
): Promise<GpuRequest> {
  const request = await store.get(id);
  if (!request) {
    throw new NotFoundError(`No GPU request with id ${id}`);
  }
  return request;
}
