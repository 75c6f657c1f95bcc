import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { approvalsApiRef } from '../approvals/ApprovalsApi';
import { ApprovalsClient } from '../approvals/ApprovalsClient';

/**
 * The approvals client the inbox uses, `api:golden-paths/approvals`.
 *
 * @alpha
 */
export const approvalsApi = ApiBlueprint.make({
  name: 'approvals',
  params: defineParams =>
    defineParams({
      api: approvalsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ApprovalsClient({ discoveryApi, fetchApi }),
    }),
});
