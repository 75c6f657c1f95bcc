import { useState } from 'react';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import {
  describeIssues,
  gpuRequestKeepSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { IdleGrant } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  ActionDialog,
  describeError,
  formatWeekdayTime,
} from '@ai-platform/plugin-ai-platform-react';
import { grantSubject } from './idleGrantText';

const HOUR_MS = 3_600_000;

/** Props of {@link KeepGrantDialog}. */
export interface KeepGrantDialogProps {
  grant: IdleGrant;
  onClose(): void;
  /** Keeps the grant for `hours`; rejects with the backend's error. */
  onKeep(hours: number): Promise<void>;
}

/** Asks how long the idle policy leaves a grant alone. */
export function KeepGrantDialog(props: KeepGrantDialogProps) {
  const { grant, onClose, onKeep } = props;
  const [hours, setHours] = useState('24');
  const [touched, setTouched] = useState(false);
  const value = hours.trim() === '' ? undefined : Number(hours);
  const parsed = gpuRequestKeepSchema.safeParse({ hours: value ?? NaN });
  const issue = parsed.success ? undefined : describeIssues(parsed.error)[0];

  const submit = async () => {
    setTouched(true);
    if (!parsed.success || value === undefined) return false;
    return onKeep(value);
  };

  let helperText = ' ';
  if (touched && issue) helperText = `${issue.field}: ${issue.message}`;
  else if (parsed.success && value !== undefined) {
    helperText = `The idle policy leaves it until ${formatWeekdayTime(
      Date.now() + value * HOUR_MS,
    )}`;
  }

  return (
    <ActionDialog
      titleId="idle-grant-keep-title"
      title={`Keep ${grantSubject(grant)}`}
      confirmLabel="Keep"
      confirmDisabled={touched && !parsed.success}
      onConfirm={submit}
      onClose={onClose}
      describeError={e => describeError(e).message}
      fullWidth
      maxWidth="xs"
    >
      <DialogContentText>
        The idle policy does not warn or release the grant for this long; its
        warning is cleared, so a grant still idle afterwards is warned again
        before it is released.
      </DialogContentText>
      <TextField
        id="idle-grant-keep-hours"
        label="Hours to keep"
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
        inputProps={{ min: 1, max: 720, step: 1 }}
      />
    </ActionDialog>
  );
}
