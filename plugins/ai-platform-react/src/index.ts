/**
 * Web library shared by the AI Platform Portal frontends: one set of
 * formatters, the file download helper, the action dialog and the time
 * window controls, and cell styles for tables.
 *
 * @packageDocumentation
 */

export * from './format';
export * from './download';
export * from './dialogs';
export * from './errors';
export * from './windows';
export * from './tables';
