/**
 * Permission integration of the cost backend, for policies and tests.
 *
 * @packageDocumentation
 */

export { costSubjectResourceRef } from './permissions/costSubjectResourceRef';
export type {
  CostSubject,
  CostSubjectQuery,
} from './permissions/costSubjectResourceRef';
export { costPermissionRules } from './permissions/rules';
