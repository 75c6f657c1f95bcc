import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { HowToUse } from '../shared/HowToUse';

/** Props of {@link HowToUseDialog}. */
export interface HowToUseDialogProps {
  request: GpuRequest;
  onClose(): void;
}

/** The namespace and kubectl snippets of a grant, in a dialog. */
export function HowToUseDialog(props: HowToUseDialogProps) {
  const { request, onClose } = props;
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="gpu-howto-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="gpu-howto-title">How to use your GPUs</DialogTitle>
      <DialogContent>
        <HowToUse request={request} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
