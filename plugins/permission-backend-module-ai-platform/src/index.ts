/**
 * The AI Platform Portal's permission policy, as a module for the permission backend.
 *
 * @packageDocumentation
 */

export { permissionModuleAiPlatform as default } from './module';
export { portalPermissionsServiceFactory } from './inProcess/portalPermissionsServiceFactory';
