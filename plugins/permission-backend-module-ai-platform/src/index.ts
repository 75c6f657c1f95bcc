/**
 * The AI Platform Portal's permission policy, as a module for the permission backend.
 *
 * @packageDocumentation
 */

export { permissionModuleAiPlatform as default } from './module';
export { AiPlatformPermissionPolicy } from './policy/AiPlatformPermissionPolicy';
export type { PermissionDecider } from './policy/types';
