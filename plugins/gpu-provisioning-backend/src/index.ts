/**
 * The GPU provisioning backend plugin: self-service GPU requests granted as
 * quota on Kubernetes, with a quota ledger, approvals and a lifecycle loop.
 * Other teams' modules add grant provisioners through
 * `gpuProvisionersExtensionPoint` of `@ai-platform/plugin-gpu-provisioning-node`;
 * the permission integration is in `./alpha`.
 *
 * @packageDocumentation
 */

export { gpuProvisioningPlugin as default } from './plugin';
