/**
 * Types, permissions and request schemas shared by the compliance plugins.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './annotations';
export * from './types';
export * from './requestSchemas';
