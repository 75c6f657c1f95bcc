import { useState } from 'react';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import {
  describeIssues,
  GpuRequest,
  gpuRequestExtendSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import {
  ActionDialog,
  describeError,
  formatHours,
  formatWeekdayTime,
} from '@ai-platform/plugin-ai-platform-react';
import { formatUnits } from '../../utils/format';
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
    helperText = `${formatHours(Number(hours))} more, until ${formatWeekdayTime(
      newExpiry,
    )}`;
  }

  const submit = async () => {
    setTouched(true);
    if (!parsed.success) return false;
    return onExtend(parsed.data.additionalHours);
  };

  return (
    <ActionDialog
      titleId="gpu-extend-title"
      title="Extend grant"
      confirmLabel="Extend"
      confirmDisabled={touched && !parsed.success}
      onConfirm={submit}
      onClose={onClose}
      describeError={e => describeError(e).message}
      fullWidth
      maxWidth="xs"
    >
      <DialogContentText>
        {formatUnits(request.count, request.migProfile)} in{' '}
        <code>{request.namespace ?? request.id}</code> on {request.cluster}, now
        until {formatWeekdayTime(request.expiresAt)}.
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
    </ActionDialog>
  );
}
