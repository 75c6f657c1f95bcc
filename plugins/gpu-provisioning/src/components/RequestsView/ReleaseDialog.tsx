import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { describeError } from '../../utils/describeError';
import { formatUnits } from '../../utils/format';

/** Props of {@link ReleaseDialog}. */
export interface ReleaseDialogProps {
  request: GpuRequest;
  onClose(): void;
  /** Releases the grant; rejects with the backend's error. */
  onRelease(): Promise<void>;
}

/** Confirms giving GPUs back before the grant expires. */
export function ReleaseDialog(props: ReleaseDialogProps) {
  const { request, onClose, onRelease } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const pending = request.status === 'pending-approval';
  const units = formatUnits(request.count, request.migProfile);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onRelease();
    } catch (e) {
      setError(describeError(e).message);
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="gpu-release-title"
      maxWidth="sm"
    >
      <DialogTitle id="gpu-release-title">
        {pending ? 'Withdraw this request?' : 'Release these GPUs?'}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {pending
            ? `The request for ${units} on ${request.cluster} is withdrawn and the team's quota is freed.`
            : `The ${units} go back to the team's quota now. Namespace ${
                request.namespace ?? ''
              } on ${
                request.cluster
              } is deleted with everything in it, and running pods stop. This cannot be undone.`}
        </DialogContentText>
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          onClick={submit}
          disabled={busy}
          variant="contained"
          color="secondary"
        >
          {pending ? 'Withdraw request' : 'Release GPUs'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
