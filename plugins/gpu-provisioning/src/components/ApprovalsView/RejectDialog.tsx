import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  describeIssues,
  GpuRequest,
  gpuRequestRejectSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { describeError } from '../../utils/describeError';
import { entityName, formatUnits } from '../../utils/format';

/** Props of {@link RejectDialog}. */
export interface RejectDialogProps {
  request: GpuRequest;
  onClose(): void;
  /** Rejects the request; rejects with the backend's error. */
  onReject(reason: string): Promise<void>;
}

/** Asks an approver why a request is rejected; the requester reads it. */
export function RejectDialog(props: RejectDialogProps) {
  const { request, onClose, onReject } = props;
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const parsed = gpuRequestRejectSchema.safeParse({ reason });
  const issue = parsed.success ? undefined : describeIssues(parsed.error)[0];

  const submit = async () => {
    setTouched(true);
    if (!parsed.success) return;
    setBusy(true);
    setError(undefined);
    try {
      await onReject(parsed.data.reason);
    } catch (e) {
      setError(describeError(e).message);
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="gpu-reject-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="gpu-reject-title">Reject request</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {entityName(request.requestedBy)} asked for{' '}
          {formatUnits(request.count, request.migProfile)} on {request.cluster}{' '}
          for {entityName(request.team)}. Tell them why not, and what would be
          approved.
        </DialogContentText>
        <TextField
          id="gpu-reject-reason"
          label="Reason"
          variant="outlined"
          multiline
          minRows={3}
          fullWidth
          value={reason}
          onChange={e => {
            setReason(e.target.value);
            setTouched(true);
          }}
          error={touched && Boolean(issue)}
          helperText={
            touched && issue ? `${issue.field}: ${issue.message}` : ' '
          }
          inputProps={{ maxLength: 1000 }}
        />
        {error && (
          <Box mt={1}>
            <Alert severity="error">{error}</Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          onClick={submit}
          disabled={busy || (touched && !parsed.success)}
          variant="contained"
          color="secondary"
        >
          Reject
        </Button>
      </DialogActions>
    </Dialog>
  );
}
