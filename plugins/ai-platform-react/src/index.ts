/**
 * Web library shared by the AI Platform Portal frontends: one set of
 * formatters, the file download helper and the action dialog.
 *
 * @packageDocumentation
 */

export * from './format';
export * from './download';
export * from './dialogs';
export * from './errors';
