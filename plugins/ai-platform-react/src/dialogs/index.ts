export { ActionDialog } from './ActionDialog';
export type { ActionDialogProps } from './ActionDialog';
