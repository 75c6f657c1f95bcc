import { ReactNode, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog, { DialogProps } from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';

/** Props of {@link ActionDialog}. @public */
export interface ActionDialogProps {
  /** Id of the title, which labels the dialog. */
  titleId: string;
  /** The dialog's title. */
  title: ReactNode;
  /** The dialog's text and fields. */
  children?: ReactNode;
  /** The label of the confirming button: `Release GPUs`, `Save`. */
  confirmLabel: string;
  /** `secondary` for what cannot be undone. */
  confirmColor?: 'primary' | 'secondary';
  /** Keeps the confirming button disabled, for fields not yet valid. */
  confirmDisabled?: boolean;
  /**
   * Does the action; a rejection is shown in the dialog, which stays open.
   * Returns `false` to do nothing (fields to correct first).
   */
  onConfirm(): Promise<void | false> | false | void;
  /** Closes the dialog: Cancel, Escape or a click outside it. The caller also closes it after the action succeeds. */
  onClose(): void;
  /** Turns a failure into the sentence shown; the error's message by default. */
  describeError?(error: unknown): string;
  /** The dialog's largest width, as Material UI's `Dialog` takes it; `sm` by default. */
  maxWidth?: DialogProps['maxWidth'];
  /** Whether the dialog takes its largest width. */
  fullWidth?: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A dialog that confirms one action: title, content, Cancel and a confirming
 * button that is disabled while the action runs, and the action's failure
 * shown inside the dialog so the user can retry or cancel.
 *
 * @public
 */
export function ActionDialog(props: ActionDialogProps) {
  const {
    titleId,
    title,
    children,
    confirmLabel,
    confirmColor = 'primary',
    confirmDisabled,
    onConfirm,
    onClose,
    describeError = messageOf,
    maxWidth = 'sm',
    fullWidth,
  } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      // The caller closes the dialog on success, so busy stays until it does.
      if ((await onConfirm()) === false) setBusy(false);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth={maxWidth}
      fullWidth={fullWidth}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        {children}
        {error && (
          <Box mt={1}>
            <Alert severity="error">{error}</Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          onClick={confirm}
          disabled={busy || confirmDisabled}
          variant="contained"
          color={confirmColor}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
