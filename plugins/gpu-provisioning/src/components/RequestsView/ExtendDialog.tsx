import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import {
  describeIssues,
  GpuRequest,
  gpuRequestExtendSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { describeError } from '../../utils/describeError';
import { formatDateTime, formatHours, formatUnits } from '../../utils/format';
import { DurationQuickPicks } from '../shared/DurationQuickPicks';

/** Props of {@link ExtendDialog}. */
export interface ExtendDialogProps {
  request: GpuRequest;
  onClose(): void;
  /** Extends the grant; rejects with the backend's error. */
  onExtend(additionalHours: number): Promise<void>;
}

/** Asks how many hours to add to a grant. */
export function ExtendDialog(props: ExtendDialogProps) {
  const { request, onClose, onExtend } = props;
  const [hours, setHours] = useState('24');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const value = hours.trim() === '' ? undefined : Number(hours);
  const parsed = gpuRequestExtendSchema.safeParse({ additionalHours: value });
  const issue = parsed.success ? undefined : describeIssues(parsed.error)[0];
  const newExpiry =
    parsed.success && request.expiresAt
      ? new Date(
          new Date(request.expiresAt).getTime() +
            parsed.data.additionalHours * 3_600_000,
        ).toISOString()
      : undefined;

  let helperText = ' ';
  if (touched && issue) {
    helperText = `${issue.field}: ${issue.message}`;
  } else if (newExpiry) {
    helperText = `${formatHours(Number(hours))} more, until ${formatDateTime(
      newExpiry,
    )}`;
  }

  const submit = async () => {
    setTouched(true);
    if (!parsed.success) return;
    setBusy(true);
    setError(undefined);
    try {
      await onExtend(parsed.data.additionalHours);
    } catch (e) {
      setError(describeError(e).message);
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="gpu-extend-title"
      fullWidth
      maxWidth="xs"
    >
      <DialogTitle id="gpu-extend-title">Extend grant</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {formatUnits(request.count, request.migProfile)} in{' '}
          <code>{request.namespace ?? request.id}</code> on {request.cluster},
          now until {formatDateTime(request.expiresAt)}.
        </DialogContentText>
        <TextField
          id="gpu-extend-hours"
          label="Additional hours"
          type="number"
          variant="outlined"
          fullWidth
          margin="dense"
          value={hours}
          onChange={e => {
            setHours(e.target.value);
            setTouched(true);
          }}
          error={touched && Boolean(issue)}
          helperText={helperText}
          inputProps={{ min: 1, step: 1, inputMode: 'numeric' }}
        />
        <DurationQuickPicks
          label="Extension quick picks"
          value={value}
          onPick={picked => {
            setHours(String(picked));
            setTouched(true);
          }}
        />
        {error && (
          <Box mt={2}>
            <Alert severity="error">{error}</Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={busy || (touched && !parsed.success)}
        >
          Extend
        </Button>
      </DialogActions>
    </Dialog>
  );
}
