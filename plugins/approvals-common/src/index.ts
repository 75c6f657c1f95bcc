/**
 * Types, permissions and the generated client of the approvals API
 * (`/api/approvals`), shared by `@ai-platform/plugin-approvals-backend`, the
 * scaffolder's `ai-platform:approval:await`, the inbox of
 * `@ai-platform/plugin-golden-paths` and the portal's permission policy.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export { ApprovalsApiClient } from './generated';
export type {
  RequestOptions as ApprovalsRequestOptions,
  TypedResponse as ApprovalsTypedResponse,
  components as ApprovalsApiComponents,
  operations as ApprovalsApiOperations,
} from './generated';
