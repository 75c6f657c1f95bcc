/**
 * The approvals backend of the AI Platform Portal: approval requests that a
 * named approver group decides.
 *
 * @packageDocumentation
 */
export { approvalsPlugin as default } from './plugin';
