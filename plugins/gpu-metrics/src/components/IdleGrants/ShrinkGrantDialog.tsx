import { useState } from 'react';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import {
  describeIssues,
  gpuRequestShrinkSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { IdleGrant } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  ActionDialog,
  describeError,
} from '@ai-platform/plugin-ai-platform-react';
import { formatGrantUnits, grantSubject } from './idleGrantText';

/** Props of {@link ShrinkGrantDialog}. */
export interface ShrinkGrantDialogProps {
  grant: IdleGrant;
  onClose(): void;
  /** Shrinks the grant to `count`; rejects with the backend's error. */
  onShrink(count: number): Promise<void>;
}

/** The first problem with the count to keep, or undefined when it is fine. */
function problemOf(grant: IdleGrant, text: string): string | undefined {
  const value = text.trim() === '' ? undefined : Number(text);
  const parsed = gpuRequestShrinkSchema.safeParse({ count: value });
  if (!parsed.success) {
    const issue = describeIssues(parsed.error)[0];
    return `${issue.field}: ${issue.message}`;
  }
  if (parsed.data.count >= grant.count) {
    return `count: must be fewer than the ${grant.count} it holds`;
  }
  return undefined;
}

/** Asks how many GPUs an idle grant keeps; the rest go back. */
export function ShrinkGrantDialog(props: ShrinkGrantDialogProps) {
  const { grant, onClose, onShrink } = props;
  const [count, setCount] = useState(String(Math.max(1, grant.count - 1)));
  const [touched, setTouched] = useState(false);
  const problem = problemOf(grant, count);
  const keep = Number(count);

  const submit = async () => {
    setTouched(true);
    if (problem) return false;
    return onShrink(keep);
  };

  return (
    <ActionDialog
      titleId="idle-grant-shrink-title"
      title={`Shrink ${grantSubject(grant)}`}
      confirmLabel="Shrink"
      confirmDisabled={touched && Boolean(problem)}
      onConfirm={submit}
      onClose={onClose}
      describeError={e => describeError(e).message}
      fullWidth
      maxWidth="xs"
    >
      <DialogContentText>
        The grant keeps the count below and gives the rest back to the team's
        quota; its pods must fit in what is kept.
      </DialogContentText>
      <TextField
        id="idle-grant-shrink-count"
        label={grant.migProfile ? 'MIG instances to keep' : 'GPUs to keep'}
        type="number"
        variant="outlined"
        fullWidth
        margin="dense"
        value={count}
        onChange={e => {
          setCount(e.target.value);
          setTouched(true);
        }}
        error={touched && Boolean(problem)}
        helperText={
          problem && touched
            ? problem
            : `Keeps ${formatGrantUnits(
                keep,
                grant.migProfile,
              )}, gives ${formatGrantUnits(
                grant.count - keep,
                grant.migProfile,
              )} back`
        }
        inputProps={{ min: 1, max: grant.count - 1, step: 1 }}
      />
    </ActionDialog>
  );
}
